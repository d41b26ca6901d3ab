import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CreateBranch, CreateBranchSchema, ListQuery, ListQuerySchema, UpdateBranch, UpdateBranchSchema } from '@lobby/contracts';
import { AgentCredentialsService, Principal } from '@lobby/access';
import { BranchesService } from '@lobby/fleet';
import { notFound } from '@lobby/platform';
import { Roles } from './auth.guard';
import { pathId } from './path-id';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

@Controller('api/branches')
export class BranchesController {
  constructor(
    private readonly branches: BranchesService,
    private readonly credentials: AgentCredentialsService,
  ) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(ListQuerySchema, 'query')) query: ListQuery) {
    return this.branches.list(principal, query.limit, query.offset);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.branches.get(pathId(id, `branch ${id}`), principal);
  }

  @Roles('admin')
  @Post()
  create(@Body(new ZodPipe(CreateBranchSchema, 'body')) body: CreateBranch) {
    return this.branches.create(body);
  }

  @Roles('admin')
  @Patch(':id')
  update(@Param('id') id: string, @Body(new ZodPipe(UpdateBranchSchema, 'body')) body: UpdateBranch) {
    return this.branches.update(pathId(id, `branch ${id}`), body);
  }

  /** New MQTT credentials for the branch's agent, shown once; the old ones stop working. */
  @Roles('admin')
  @Post(':id/agent-credentials')
  async agentCredentials(@Param('id') id: string) {
    if (!(await this.branches.exists(pathId(id, `branch ${id}`)))) throw notFound(`branch ${id}`);
    return this.credentials.issue(id);
  }
}
