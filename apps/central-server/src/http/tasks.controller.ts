import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { TaskListQuery, TaskListQuerySchema, UpdateTask, UpdateTaskSchema } from '@lobby/contracts';
import type { Principal } from '@lobby/access';
import { TasksService } from '@lobby/alerting';
import { Roles } from './auth.guard';
import { pathId } from './path-id';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/**
 * Maintenance tasks, scoped by role (docs/api.md): maintenance sees repair tasks, the cash
 * centre cash tasks, lobby managers and branch heads every task of their branches; the branch
 * head only reads.
 */
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(TaskListQuerySchema, 'query')) query: TaskListQuery) {
    return this.tasks.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.tasks.get(pathId(id, `task ${id}`), principal);
  }

  @Roles('admin', 'lobby-manager', 'maintenance', 'cash-centre')
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body(new ZodPipe(UpdateTaskSchema, 'body')) body: UpdateTask) {
    return this.tasks.update(pathId(id, `task ${id}`), body, principal);
  }
}
