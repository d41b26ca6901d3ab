import { z } from 'zod';
import {
  CreateBranchSchema,
  CreateUserSchema,
  DeviceListQuerySchema,
  HistoryQuerySchema,
  IssueCommandSchema,
  ListQuerySchema,
  LoginSchema,
  RegisterDeviceSchema,
  UpdateBranchSchema,
  UpdateDeviceSchema,
  UpdateUserSchema,
} from '@lobby/contracts';

interface Route {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  open?: boolean;
  roles?: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  ok: number;
}

const ROUTES: Route[] = [
  { method: 'get', path: '/api/health', summary: 'Health: ok, degraded (MQTT down) or 503 (database down)', open: true, ok: 200 },
  { method: 'post', path: '/api/auth/login', summary: 'Log in: a bearer token (expires, default 12 h) and the user', open: true, body: LoginSchema, ok: 200 },
  { method: 'get', path: '/api/branches', summary: 'Branches the caller may see, each with a health summary', query: ListQuerySchema, ok: 200 },
  { method: 'post', path: '/api/branches', summary: 'Create a branch (409 if the id exists)', roles: 'admin', body: CreateBranchSchema, ok: 201 },
  { method: 'get', path: '/api/branches/{id}', summary: 'One branch (404 if unknown or not yours)', ok: 200 },
  { method: 'patch', path: '/api/branches/{id}', summary: 'Change a branch; schedules follow at once', roles: 'admin', body: UpdateBranchSchema, ok: 200 },
  { method: 'post', path: '/api/branches/{id}/agent-credentials', summary: 'New MQTT credentials for the branch agent, shown once; old sessions are disconnected', roles: 'admin', ok: 201 },
  { method: 'post', path: '/api/users', summary: 'Create a user (409 if taken)', roles: 'admin', body: CreateUserSchema, ok: 201 },
  { method: 'get', path: '/api/users', summary: 'Users', roles: 'admin', query: ListQuerySchema, ok: 200 },
  { method: 'patch', path: '/api/users/{username}', summary: 'Change role, branches, password or disabled', roles: 'admin', body: UpdateUserSchema, ok: 200 },
  { method: 'get', path: '/api/devices', summary: 'Devices with their live status', query: DeviceListQuerySchema, ok: 200 },
  { method: 'post', path: '/api/devices', summary: 'Register a device beforehand', roles: 'admin', body: RegisterDeviceSchema, ok: 201 },
  { method: 'get', path: '/api/devices/{id}', summary: 'One device with its live status', ok: 200 },
  { method: 'patch', path: '/api/devices/{id}', summary: 'Change name, location, settings or decommissioned', roles: 'admin', body: UpdateDeviceSchema, ok: 200 },
  { method: 'get', path: '/api/devices/{id}/history', summary: 'Statuses and events, default the last 24 h', query: HistoryQuerySchema as unknown as z.ZodObject, ok: 200 },
  { method: 'post', path: '/api/devices/{id}/commands', summary: 'Send a command to the device through its agent', roles: 'admin, lobby-manager, maintenance', body: IssueCommandSchema, ok: 202 },
  { method: 'get', path: '/api/commands/{id}', summary: 'A command: pending, succeeded, failed or expired', ok: 200 },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics (bearer METRICS_TOKEN when set)', open: true, ok: 200 },
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
    paths[route.path]![route.method] = operation(route);
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
