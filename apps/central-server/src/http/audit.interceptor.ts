import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, mergeMap, Observable } from 'rxjs';
import { AuditService } from '@lobby/access';
import { JsonLogger } from '@lobby/platform';
import type { AuthedRequest } from './auth.guard';

/**
 * What each changing route means in the audit log: action, target type and which path
 * parameter names the target. A changing route missing here is still recorded, under its
 * method and path, so nothing escapes the log.
 */
const ACTIONS: Record<string, { action: string; target: string; param?: string }> = {
  'POST /api/alerts/:id/ack': { action: 'alert.ack', target: 'alert', param: 'id' },
  'PATCH /api/tasks/:id': { action: 'task.update', target: 'task', param: 'id' },
  'PATCH /api/checklists/:id/items/:itemId': { action: 'checklist.item.tick', target: 'checklist', param: 'id' },
  'POST /api/checklists/:id/sign-off': { action: 'checklist.sign-off', target: 'checklist', param: 'id' },
  'POST /api/devices/:id/commands': { action: 'command.issue', target: 'device', param: 'id' },
  'POST /api/devices/:id/consumables/:consumable/refilled': { action: 'consumable.refilled', target: 'device', param: 'id' },
  'POST /api/silences': { action: 'silence.create', target: 'silence' },
  'DELETE /api/silences/:id': { action: 'silence.delete', target: 'silence', param: 'id' },
  'POST /api/users': { action: 'user.create', target: 'user' },
  'PATCH /api/users/:username': { action: 'user.update', target: 'user', param: 'username' },
  'POST /api/branches': { action: 'branch.create', target: 'branch' },
  'PATCH /api/branches/:id': { action: 'branch.update', target: 'branch', param: 'id' },
  'POST /api/branches/:id/agent-credentials': { action: 'agent-credentials.issue', target: 'branch', param: 'id' },
  'POST /api/devices': { action: 'device.register', target: 'device' },
  'PATCH /api/devices/:id': { action: 'device.update', target: 'device', param: 'id' },
  'POST /api/webhooks': { action: 'webhook.create', target: 'webhook' },
  'DELETE /api/webhooks/:id': { action: 'webhook.delete', target: 'webhook', param: 'id' },
  'PUT /api/branches/:id/work-log/:date': { action: 'work-log.write', target: 'work-log', param: 'date' },
  'POST /api/branches/:id/work-log/:date/submit': { action: 'work-log.submit', target: 'work-log', param: 'date' },
  'POST /api/branches/:id/work-log/:date/review': { action: 'work-log.review', target: 'work-log', param: 'date' },
};

/** Routes that change nothing although they are not GETs. */
const NOT_CHANGES = new Set(['POST /api/auth/login']);

/**
 * Records every successful change made through the API (who, what, which object, the request's
 * fields without secrets) right after it was made, before the response leaves.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly logger: JsonLogger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const route = `${request.method} ${(request.route as { path?: string } | undefined)?.path ?? request.path}`;
    if (request.method === 'GET' || NOT_CHANGES.has(route) || !request.principal) return next.handle();
    return next.handle().pipe(mergeMap((result: unknown) => from(this.record(request, route, result).then(() => result))));
  }

  private async record(request: AuthedRequest, route: string, result: unknown): Promise<void> {
    const known = ACTIONS[route] ?? { action: route.slice(0, 64), target: 'route' };
    const params = request.params as Record<string, string>;
    const created = result && typeof result === 'object' ? (result as Record<string, unknown>) : {};
    const targetId = known.param ? params[known.param] : stringField(created, 'id') ?? stringField(created, 'username');
    const branchId = stringField(created, 'branchId') ?? (known.target === 'branch' ? targetId : undefined);
    const details: Record<string, unknown> = { ...(request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {}) };
    if (route === 'PATCH /api/checklists/:id/items/:itemId') details.itemId = params.itemId;
    if (route === 'POST /api/devices/:id/commands') details.commandId = stringField(created, 'id');
    if (route === 'POST /api/devices/:id/consumables/:consumable/refilled') details.consumable = params.consumable;
    try {
      await this.audit.record({ actor: request.principal.username, action: known.action, targetType: known.target, targetId, branchId, details });
    } catch (error) {
      this.logger.error('audit record failed', { action: known.action, actor: request.principal.username, error: (error as Error).message });
    }
  }
}

function stringField(value: Record<string, unknown>, key: string): string | undefined {
  return typeof value[key] === 'string' ? value[key] : undefined;
}
