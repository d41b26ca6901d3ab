import { LoggerService } from '@nestjs/common';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * Structured logs: one JSON object per line on stdout (`ts`, `level`, `context`, `msg`, fields).
 * Also a Nest LoggerService, so framework logs come out the same way.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly context = 'app',
    private readonly level: LogLevel = parseLevel(process.env.LOG_LEVEL),
    private readonly base: Record<string, unknown> = {},
  ) {}

  child(context: string, fields: Record<string, unknown> = {}): JsonLogger {
    return new JsonLogger(context, this.level, { ...this.base, ...fields });
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown> | string): void {
    this.write('error', msg, typeof fields === 'string' ? { stack: fields } : fields);
  }
  debug(msg: string, fields?: Record<string, unknown>): void {
    this.write('debug', msg, fields);
  }
  /** Nest's `log`: the optional last argument is the context. */
  log(message: unknown, context?: string): void {
    this.write('info', String(message), context ? { context } : undefined);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', String(message), context ? { context } : undefined);
  }
  fatal(message: unknown, context?: string): void {
    this.write('error', String(message), context ? { context } : undefined);
  }

  private write(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (RANK[level] > RANK[this.level]) return;
    const line = { ts: new Date().toISOString(), level, context: this.context, msg, ...this.base, ...fields };
    process.stdout.write(`${safeStringify(line)}\n`);
  }
}

export function parseLevel(value: string | undefined): LogLevel {
  return value === 'error' || value === 'warn' || value === 'debug' ? value : 'info';
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));
  } catch {
    return JSON.stringify({ msg: 'unserializable log line' });
  }
}
