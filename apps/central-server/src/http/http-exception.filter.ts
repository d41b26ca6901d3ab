import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorCode, JsonLogger, TooManyRequestsError } from '@lobby/platform';

const STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
  'too-many-requests': 429,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: string[];
}

/** Every error leaves as `{statusCode, error, message, details?}`; 5xx are logged with an id. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      const errorId = randomUUID();
      this.logger.error('request failed', { errorId, error: (exception as Error)?.message, stack: (exception as Error)?.stack });
      body.message = `internal error (id ${errorId})`;
    }
    if (response.headersSent) return;
    if (exception instanceof TooManyRequestsError) response.setHeader('Retry-After', String(exception.retryAfterS));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS[exception.code];
      return { statusCode, error: reason(statusCode), message: exception.message, ...(exception.details ? { details: exception.details } : {}) };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const inner = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = typeof inner === 'string' ? inner : Array.isArray(inner) ? inner.join('; ') : exception.message;
      return { statusCode, error: reason(statusCode), message };
    }
    return { statusCode: 500, error: reason(500), message: 'internal error' };
  }
}

export function reason(statusCode: number): string {
  const name = HttpStatus[statusCode] as string | undefined;
  return name ? name.toLowerCase().split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') : 'Error';
}
