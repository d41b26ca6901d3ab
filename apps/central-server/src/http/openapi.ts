import { z } from 'zod';
import {
  AckAlertSchema,
  AlertListQuerySchema,
  AuditQuerySchema,
  CreateBranchSchema,
  CreateSilenceSchema,
  CreateWebhookSchema,
  CreateUserSchema,
  DeviceListQuerySchema,
  HistoryQuerySchema,
  IssueCommandSchema,
  ListQuerySchema,
  LoginSchema,
  RecordRefillSchema,
  RegisterDeviceSchema,
  SilenceListQuerySchema,
  TaskListQuerySchema,
  UpdateTaskSchema,
  UpdateBranchSchema,
  UpdateDeviceSchema,
  UpdateUserSchema,
} from '@lobby/contracts';
import { ChecklistListQuerySchema, CustomerFlowQuerySchema, QueueQuerySchema, DailyLogQuerySchema, ReviewWorkLogSchema, SubmitWorkLogSchema, WriteWorkLogSchema, MonthlyReportQuerySchema, ReportSummaryQuerySchema, SignOffSchema, TickItemSchema } from '@lobby/checklists';

/** `GET /api/stream`: browsers' EventSource cannot send headers, so the token may come in the query. */
const StreamQuerySchema = z.object({
  access_token: z.string().optional().describe('The bearer token, for clients that cannot send an Authorization header (EventSource)'),
});

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  open?: boolean;
  roles?: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  ok: number;
}

const ROUTES: Route[] = [
  { method: 'get', path: '/api/health', summary: 'Health: ok, degraded (MQTT down, or ingest cannot write: db down) or 503 (database cannot be read)', open: true, ok: 200 },
  { method: 'post', path: '/api/auth/login', summary: 'Log in: a bearer token (expires, default 12 h) and the user; 429 with Retry-After while the username or address is locked out', open: true, body: LoginSchema, ok: 200 },
  { method: 'get', path: '/api/branches', summary: 'Branches the caller may see, each with a health summary', query: ListQuerySchema, ok: 200 },
  { method: 'post', path: '/api/branches', summary: 'Create a branch (409 if the id exists)', roles: 'admin', body: CreateBranchSchema, ok: 201 },
  { method: 'get', path: '/api/branches/{id}', summary: 'One branch (404 if unknown or not yours)', ok: 200 },
  { method: 'patch', path: '/api/branches/{id}', summary: 'Change a branch; schedules follow at once', roles: 'admin', body: UpdateBranchSchema, ok: 200 },
  { method: 'post', path: '/api/branches/{id}/agent-credentials', summary: 'New MQTT credentials for the branch agent, shown once; old sessions are disconnected', roles: 'admin', ok: 201 },
  { method: 'post', path: '/api/users', summary: 'Create a user (409 if taken)', roles: 'admin', body: CreateUserSchema, ok: 201 },
  { method: 'get', path: '/api/users', summary: 'Users', roles: 'admin', query: ListQuerySchema, ok: 200 },
  { method: 'patch', path: '/api/users/{username}', summary: 'Change role, branches, password, disabled or locale (zh-CN or en: the language the API and notifications use for the user)', roles: 'admin', body: UpdateUserSchema, ok: 200 },
  { method: 'get', path: '/api/devices', summary: 'Devices with their live status', query: DeviceListQuerySchema, ok: 200 },
  { method: 'post', path: '/api/devices', summary: 'Register a device beforehand', roles: 'admin', body: RegisterDeviceSchema, ok: 201 },
  { method: 'get', path: '/api/devices/{id}', summary: 'One device with its live status', ok: 200 },
  { method: 'patch', path: '/api/devices/{id}', summary: 'Change name, location, settings or decommissioned', roles: 'admin', body: UpdateDeviceSchema, ok: 200 },
  { method: 'get', path: '/api/devices/{id}/history', summary: 'Statuses and events, default the last 24 h, at most 31 days; paged: `limit` (default 1000, at most 10000) of each, `next` → `?cursor=`', query: HistoryQuerySchema, ok: 200 },
  { method: 'post', path: '/api/devices/{id}/commands', summary: 'Send a command to the device through its agent', roles: 'admin, lobby-manager, maintenance', body: IssueCommandSchema, ok: 202 },
  { method: 'post', path: '/api/devices/{id}/consumables/{consumable}/refilled', summary: '已换纸 / 已换色带 / 已清空回单格 (`paper`, `ribbon`, `compartments`) recorded by hand: the forecast starts from full, the checklists are re-checked, the history shows it', roles: 'admin, lobby-manager, maintenance', body: RecordRefillSchema, ok: 201 },
  { method: 'get', path: '/api/commands/{id}', summary: 'A command: pending, succeeded, failed or expired', ok: 200 },
  { method: 'get', path: '/api/checklists', summary: 'Opening (营业前) and closing (营业后) checklists of the caller\'s branches', roles: 'lobby-manager, branch-head, admin', query: ChecklistListQuerySchema, ok: 200 },
  { method: 'get', path: '/api/checklists/{id}', summary: 'One checklist (404 if unknown or not yours)', roles: 'lobby-manager, branch-head, admin', ok: 200 },
  { method: 'patch', path: '/api/checklists/{id}/items/{itemId}', summary: 'Tick a manual item (who and when recorded); 409 for an auto item or a signed-off checklist', roles: 'lobby-manager, admin', body: TickItemSchema, ok: 200 },
  { method: 'post', path: '/api/checklists/{id}/sign-off', summary: 'Sign the checklist off (every manual item ticked first, else 409)', roles: 'lobby-manager, admin', body: SignOffSchema, ok: 200 },
  { method: 'get', path: '/api/branches/{id}/daily-log', summary: 'The day\'s equipment log: JSON, or a printable page with Accept: text/html (in the user\'s locale, Chinese by default; ?lang=zh|en overrides it)', roles: 'lobby-manager, branch-head, admin', query: DailyLogQuerySchema, ok: 200 },
  { method: 'get', path: '/api/branches/{id}/customer-flow', summary: 'Customer flow (客流) from the ticket printers\' counters: tickets issued per local hour and day, before opening (营业前取号), the three busiest hours against the same weekday\'s usual figure (previous 4 weeks); from/to branch-local dates (default today, at most 31 days; 400 if from is after to)', roles: 'lobby-manager, branch-head, admin', query: CustomerFlowQuerySchema, ok: 200 },
  { method: 'get', path: '/api/branches/{id}/queue', summary: 'Customers waiting (排队), where the branch\'s queue system reports them on the optional MQTT topic lobby/v1/{branch}/queue/status: the latest report and the day\'s reports, each flagged longWait over 15 minutes; date branch-local, default today', roles: 'lobby-manager, branch-head, admin', query: QueueQuerySchema, ok: 200 },
  { method: 'get', path: '/api/branches/{id}/work-log/{date}', summary: 'The lobby manager\'s work log (大堂经理工作日志) of a local date: situation, problems, suggestions, on duty, status (empty, draft, submitted, reviewed), the branch head\'s review, and the day\'s incidents with what was done about each', ok: 200 },
  { method: 'put', path: '/api/branches/{id}/work-log/{date}', summary: 'Write (or correct) the day\'s work log; 409 once reviewed; 400 for a future day', roles: 'lobby-manager, admin', body: WriteWorkLogSchema, ok: 200 },
  { method: 'post', path: '/api/branches/{id}/work-log/{date}/submit', summary: 'Submit the work log to the branch head (当日情况 must be written); 409 if not written, already submitted or reviewed', roles: 'lobby-manager, admin', body: SubmitWorkLogSchema, ok: 200 },
  { method: 'post', path: '/api/branches/{id}/work-log/{date}/review', summary: 'Review (批阅) a submitted work log with a comment; locks it (later writes 409); 409 if not submitted or already reviewed', roles: 'branch-head, admin', body: ReviewWorkLogSchema, ok: 200 },
  { method: 'get', path: '/api/reports/summary', summary: 'Availability (ratio over the time with data, coverage), failures, MTTA/MTTR, open and overdue tasks, checklist punctuality and consumables per branch (worst availability first), per device and per day, from the daily rollups; branch a comma list (default: all yours, 404 for one not yours), from/to branch-local dates (default the last 7 days, at most 366)', roles: 'admin, branch-head, lobby-manager', query: ReportSummaryQuerySchema, ok: 200 },
  { method: 'get', path: '/api/reports/monthly', summary: 'A branch\'s monthly equipment report: JSON, CSV with Accept: text/csv (UTF-8 with BOM), or a printable page with Accept: text/html (in the user\'s locale, Chinese by default; ?lang=zh|en overrides it)', roles: 'admin, branch-head, lobby-manager', query: MonthlyReportQuerySchema, ok: 200 },
  { method: 'get', path: '/api/alerts', summary: 'Alerts of the caller\'s branches: state and severity take comma lists (state=active,acknowledged), branch, device, type filters; sort=raisedAt (newest first, default) or severity (most severe first, then newest)', query: AlertListQuerySchema, ok: 200 },
  { method: 'get', path: '/api/alerts/{id}', summary: 'One alert (404 if unknown or not yours)', ok: 200 },
  { method: 'post', path: '/api/alerts/{id}/ack', summary: 'Acknowledge an alert (409 once cleared); stops its escalation and repeats', body: AckAlertSchema, ok: 200 },
  { method: 'get', path: '/api/tasks', summary: 'Maintenance tasks the caller works on (maintenance: repair, cash-centre: cash, others: all of their branches); status takes a comma list, overdue=true|false, sort=createdAt (newest first, default) or resolveDueAt (earliest deadline first)', query: TaskListQuerySchema, ok: 200 },
  { method: 'get', path: '/api/tasks/{id}', summary: 'One task with its history (404 if unknown or not yours)', ok: 200 },
  { method: 'patch', path: '/api/tasks/{id}', summary: 'Move a task (open → assigned → in-progress → resolved → closed, or cancelled; 409 for an illegal move), assign it, add a note', roles: 'admin, lobby-manager, maintenance, cash-centre', body: UpdateTaskSchema, ok: 200 },
  { method: 'post', path: '/api/silences', summary: 'A planned-maintenance window: notifications muted for a device or branch, alerts still recorded', roles: 'admin, lobby-manager, maintenance', body: CreateSilenceSchema, ok: 201 },
  { method: 'get', path: '/api/silences', summary: 'Silences of the caller\'s branches (active=true: in force now)', query: SilenceListQuerySchema, ok: 200 },
  { method: 'delete', path: '/api/silences/{id}', summary: 'End a silence', roles: 'admin, lobby-manager, maintenance', ok: 204 },
  { method: 'post', path: '/api/webhooks', summary: 'A notification receiver: json, wecom or dingtalk (signed with secret); filters branches, roles, minSeverity; locale zh-CN (default) or en', roles: 'admin', body: CreateWebhookSchema, ok: 201 },
  { method: 'get', path: '/api/webhooks', summary: 'Notification receivers (secrets never shown)', roles: 'admin', query: ListQuerySchema, ok: 200 },
  { method: 'delete', path: '/api/webhooks/{id}', summary: 'Remove a receiver', roles: 'admin', ok: 204 },
  { method: 'get', path: '/api/stream', summary: 'Server-Sent Events of the caller\'s scope: data {type: alert|alert.cleared|task|device|checklist|self-service, branchId, data}, alerts in the user\'s locale; token also as ?access_token=', query: StreamQuerySchema, ok: 200 },
  { method: 'get', path: '/api/audit', summary: 'Audit log, newest first: who changed what (actor, action, target, branch, fields without secrets); filters actor, action, from, to', roles: 'admin', query: AuditQuerySchema, ok: 200 },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics (bearer METRICS_TOKEN when set)', open: true, ok: 200 },
  { method: 'get', path: '/api/docs', summary: 'This API, browsable (a browser asking for text/html); any other client gets the OpenAPI document', open: true, ok: 200 },
  { method: 'get', path: '/api/docs.json', summary: 'The OpenAPI document (JSON)', open: true, ok: 200 },
  { method: 'get', path: '/api/docs/{asset}', summary: 'Files of the browsable page (Swagger UI, its initializer)', open: true, ok: 200 },
];

const ERROR = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: { type: 'string' } } },
};

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    paths[route.path] ??= {};
    paths[route.path][route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Lobby device-fleet monitor — central server', version, description: 'See docs/api.md. Times are UTC ISO-8601; lists return {items, total} with limit/offset.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

function operation(route: Route): Record<string, unknown> {
  const parameters = [
    ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(route.query ? (z.toJSONSchema(route.query, { io: 'input' }).properties ?? {}) : {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
  ];
  const errors = Object.fromEntries(
    [400, 401, 403, 404, 409].map((code) => [code, { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
  );
  return {
    summary: route.summary,
    ...(route.open ? { security: [] } : {}),
    ...(route.roles ? { description: `Roles: ${route.roles}` } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input' }) } } } } : {}),
    responses: { [route.ok]: { description: 'ok' }, ...errors },
  };
}
