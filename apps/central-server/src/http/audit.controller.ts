import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { AuditService } from '@lobby/access';
import { IsoDateTimeSchema, ListQuerySchema } from '@lobby/contracts';
import { Roles } from './auth.guard';
import { ZodPipe } from './zod.pipe';

const AuditQuerySchema = ListQuerySchema.extend({
  actor: z.string().min(1).max(64).optional(),
  action: z.string().min(1).max(64).optional(),
  from: IsoDateTimeSchema.optional(),
  to: IsoDateTimeSchema.optional(),
}).strict();
type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** `GET /api/audit`: who changed what, newest first (admin). */
@Roles('admin')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query(new ZodPipe(AuditQuerySchema, 'query')) query: AuditQuery) {
    return this.audit.list({
      actor: query.actor,
      action: query.action,
      from: query.from ? Date.parse(query.from) : undefined,
      to: query.to ? Date.parse(query.to) : undefined,
      limit: query.limit,
      offset: query.offset,
    });
  }
}
