import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CreateWebhook, CreateWebhookSchema, ListQuery, ListQuerySchema } from '@lobby/contracts';
import type { Principal } from '@lobby/access';
import { WebhooksService } from '@lobby/alerting';
import { Roles } from './auth.guard';
import { pathId } from './path-id';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/** Notification receivers (admin): generic JSON, WeCom and DingTalk group robots. */
@Roles('admin')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(CreateWebhookSchema, 'body')) body: CreateWebhook) {
    return this.webhooks.create(body, principal.username);
  }

  @Get()
  list(@Query(new ZodPipe(ListQuerySchema, 'query')) query: ListQuery) {
    return this.webhooks.list(query.limit, query.offset);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.webhooks.remove(pathId(id, `webhook ${id}`));
  }
}
