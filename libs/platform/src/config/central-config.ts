import { z } from 'zod';
import { describeIssues } from '@lobby/contracts';

const PortSchema = z.coerce.number().int().min(0).max(65535);

/** Environment of the central server (README.md), validated once at boot. */
export const CentralEnvSchema = z.object({
  HTTP_PORT: PortSchema.default(3000),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|tcp|wss?):\/\//, 'must be an mqtt:// or mqtts:// URL')
    .optional(),
  MQTT_PORT: PortSchema.optional(),
  /** Shared-subscription group for several central instances on one broker (opt-in). */
  MQTT_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  MQTT_CLIENT_ID: z.string().min(1).max(64).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must be sqlite:PATH or postgres://…')
    .optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TOKEN_TTL_S: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(12 * 3600),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  CORS_ORIGINS: z.string().optional(),
  METRICS_TOKEN: z.string().min(1).optional(),
  FLEET_FILE: z.string().min(1).default('config/fleet.yaml'),
  INGEST_FLUSH_MS: z.coerce.number().int().min(5).max(10_000).default(100),
  /** A status or event dated further ahead of the server clock is clamped to receipt time. */
  INGEST_MAX_FUTURE_MS: z.coerce.number().int().min(1000).max(7 * 24 * 3600_000).default(5 * 60_000),
  /** Devices a branch may reach through its agent's births (admin registrations not counted). */
  BRANCH_MAX_DEVICES: z.coerce.number().int().min(1).max(1_000_000).default(500),
  /** Alert rules and alerting settings (docs/alerting.md); a missing default file means the built-in defaults. */
  ALERT_RULES_FILE: z.string().min(1).optional(),
  /** Failed logins of one username before it is locked out for LOGIN_LOCKOUT_S (docs/operations.md). */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** Failed logins from one client address before that address is locked out. */
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
  LOGIN_LOCKOUT_S: z.coerce.number().int().min(1).max(24 * 3600).default(300),
  /** Bad MQTT CONNECTs from one address or username before the embedded broker refuses it unchecked. */
  MQTT_AUTH_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  MQTT_AUTH_LOCKOUT_S: z.coerce.number().int().min(1).max(24 * 3600).default(60),
  /** Webhook hosts (names or addresses, comma-separated) allowed although loopback or private. */
  WEBHOOK_ALLOW_HOSTS: z.string().optional(),
  /** Raw device statuses older than this many days are deleted (the daily rollups stay); 0 keeps them forever. */
  HISTORY_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
  /** Device and agent events older than this many days are deleted; 0 keeps them forever. */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
  /** Rows per DELETE of the retention job (small: the ingest's writes take turns with each). */
  HISTORY_RETENTION_BATCH_ROWS: z.coerce.number().int().min(1).max(100_000).default(1000),
});

export interface CentralConfig {
  http: { port: number; host: string; corsOrigins: string[] };
  mqtt: { url?: string; port: number; portExplicit: boolean; shareGroup?: string; clientId: string; clientIdExplicit: boolean };
  database: { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };
  adminPassword?: string;
  jwtSecret?: string;
  tokenTtlS: number;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  metricsToken?: string;
  fleetFile: string;
  ingestFlushMs: number;
  ingestMaxFutureMs: number;
  branchMaxDevices: number;
  alertRules: { file: string; explicit: boolean };
  security: SecurityConfig;
  /** Days of raw history kept (0: forever). */
  retention: { statusDays: number; eventDays: number; batchRows: number };
}

export interface SecurityConfig {
  login: { maxFailures: number; ipMaxFailures: number; lockoutS: number };
  mqttAuth: { maxFailures: number; lockoutS: number };
  webhookAllowHosts: string[];
}

export class ConfigError extends Error {}

/** Env → typed config; throws a readable `ConfigError` naming every bad variable. */
export function loadCentralConfig(env: NodeJS.ProcessEnv = process.env): CentralConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = CentralEnvSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(`invalid environment: ${describeIssues(parsed.error).join('; ')}`);
  const e = parsed.data;
  return {
    http: { port: e.HTTP_PORT, host: e.HTTP_HOST, corsOrigins: splitList(e.CORS_ORIGINS) },
    mqtt: {
      url: e.MQTT_URL,
      port: e.MQTT_PORT ?? 1883,
      portExplicit: e.MQTT_PORT !== undefined,
      shareGroup: e.MQTT_SHARE_GROUP,
      clientId: e.MQTT_CLIENT_ID ?? `lobby-central-${process.pid}-${Date.now().toString(36)}`,
      clientIdExplicit: e.MQTT_CLIENT_ID !== undefined,
    },
    database: parseDatabaseUrl(e.DATABASE_URL),
    adminPassword: e.ADMIN_PASSWORD,
    jwtSecret: e.JWT_SECRET,
    tokenTtlS: e.TOKEN_TTL_S,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    fleetFile: e.FLEET_FILE,
    ingestFlushMs: e.INGEST_FLUSH_MS,
    ingestMaxFutureMs: e.INGEST_MAX_FUTURE_MS,
    branchMaxDevices: e.BRANCH_MAX_DEVICES,
    alertRules: { file: e.ALERT_RULES_FILE ?? 'config/alert-rules.yaml', explicit: e.ALERT_RULES_FILE !== undefined },
    security: {
      login: { maxFailures: e.LOGIN_MAX_FAILURES, ipMaxFailures: e.LOGIN_IP_MAX_FAILURES, lockoutS: e.LOGIN_LOCKOUT_S },
      mqttAuth: { maxFailures: e.MQTT_AUTH_MAX_FAILURES, lockoutS: e.MQTT_AUTH_LOCKOUT_S },
      webhookAllowHosts: splitList(e.WEBHOOK_ALLOW_HOSTS).map((h) => h.toLowerCase()),
    },
    retention: { statusDays: e.HISTORY_RETENTION_DAYS, eventDays: e.EVENT_RETENTION_DAYS, batchRows: e.HISTORY_RETENTION_BATCH_ROWS },
  };
}

function parseDatabaseUrl(url: string | undefined): CentralConfig['database'] {
  if (!url) return { type: 'sqlite', path: 'data/lobby.sqlite' };
  if (url.startsWith('sqlite:')) return { type: 'sqlite', path: url.slice('sqlite:'.length) || 'data/lobby.sqlite' };
  return { type: 'postgres', url };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
