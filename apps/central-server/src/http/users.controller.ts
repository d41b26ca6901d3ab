import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { CreateUser, CreateUserSchema, ListQuery, ListQuerySchema, UpdateUser, UpdateUserSchema, UsernameSchema } from '@lobby/contracts';
import { UsersService } from '@lobby/access';
import { notFound } from '@lobby/platform';
import { Roles } from './auth.guard';
import { ZodPipe } from './zod.pipe';

@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@Body(new ZodPipe(CreateUserSchema, 'body')) body: CreateUser) {
    return this.users.create(body);
  }

  @Get()
  list(@Query(new ZodPipe(ListQuerySchema, 'query')) query: ListQuery) {
    return this.users.list(query.limit, query.offset);
  }

  @Patch(':username')
  update(@Param('username') username: string, @Body(new ZodPipe(UpdateUserSchema, 'body')) body: UpdateUser) {
    if (!UsernameSchema.safeParse(username).success) throw notFound(`user ${username}`);
    return this.users.update(username, body);
  }
}
