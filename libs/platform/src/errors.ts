/** Domain errors carry a code; one HTTP exception filter maps codes to status codes. */
export type DomainErrorCode = 'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable';

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
