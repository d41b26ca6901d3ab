/** Domain errors carry a code; one HTTP exception filter maps codes to status codes. */
export type DomainErrorCode = 'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable' | 'too-many-requests';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
  }
}

export const notFound = (what: string): DomainError => new DomainError('not-found', `${what} not found`);
export const conflict = (message: string): DomainError => new DomainError('conflict', message);
export const invalid = (message: string, details?: string[]): DomainError => new DomainError('invalid', message, details);
export const forbidden = (message = 'role not allowed'): DomainError => new DomainError('forbidden', message);

/** 429: the caller is locked out for `retryAfterS` seconds (sent as `Retry-After`). */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super('too-many-requests', message);
  }
}
