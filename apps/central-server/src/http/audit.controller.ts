import { Controller, Get, Query } from '@nestjs/common';
import { AuditService } from '@lobby/access';
import { AuditQuery, AuditQuerySchema } from '@lobby/contracts';
import { Roles } from './auth.guard';
import { ZodPipe } from './zod.pipe';

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
