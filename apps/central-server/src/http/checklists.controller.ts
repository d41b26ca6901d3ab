import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Principal } from '@lobby/access';
import {
  ChecklistListQuery,
  ChecklistListQuerySchema,
  ChecklistsService,
  SignOff,
  SignOffSchema,
  TickItem,
  TickItemSchema,
} from '@lobby/checklists';
import { notFound } from '@lobby/platform';
import { Roles } from './auth.guard';
import { pathId } from './path-id';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

// Item ids are `{template}` or `{template}.{deviceId}`.
const ITEM_ID = /^[a-z][a-z0-9-]{0,47}(\.[A-Za-z0-9_-]{1,64})?$/;

/** Opening (营业前) and closing (营业后) checklists: lobby managers tick and sign off, branch heads read. */
@Controller('api/checklists')
@Roles('lobby-manager', 'branch-head', 'admin')
export class ChecklistsController {
  constructor(private readonly checklists: ChecklistsService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(ChecklistListQuerySchema, 'query')) query: ChecklistListQuery) {
    return this.checklists.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.checklists.get(pathId(id, `checklist ${id}`), principal);
  }

  @Roles('lobby-manager', 'admin')
  @Patch(':id/items/:itemId')
  tick(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('itemId') itemId: string, @Body(new ZodPipe(TickItemSchema, 'body')) body: TickItem) {
    if (!ITEM_ID.test(itemId)) throw notFound(`checklist item ${itemId}`);
    return this.checklists.tick(pathId(id, `checklist ${id}`), itemId, body, principal);
  }

  @Roles('lobby-manager', 'admin')
  @Post(':id/sign-off')
  @HttpCode(200)
  signOff(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body(new ZodPipe(SignOffSchema, 'body')) body: SignOff) {
    return this.checklists.signOff(pathId(id, `checklist ${id}`), body, principal);
  }
}
