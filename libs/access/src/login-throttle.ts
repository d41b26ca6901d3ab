import { TooManyRequestsError } from '@lobby/platform';
import { FailureLimiter } from './failure-limiter';

export interface LoginLimits {
  /** Failed logins of one username before it is locked out. */
  maxFailures: number;
  /** Failed logins from one client address before it is locked out. */
  ipMaxFailures: number;
  lockoutS: number;
}

/**
 * Login lockout, per username and per client address. While either is locked out every login
 * is refused with 429 and `Retry-After`, the right password included, and nothing is hashed.
 */
export class LoginThrottle {
  private readonly byUser: FailureLimiter;
  private readonly byAddress: FailureLimiter;

  constructor(limits: LoginLimits, now: () => number = Date.now) {
    this.byUser = new FailureLimiter(limits.maxFailures, limits.lockoutS * 1000, now);
    this.byAddress = new FailureLimiter(limits.ipMaxFailures, limits.lockoutS * 1000, now);
  }

  /** Throws 429 when the username or the address is locked out. */
  assertAllowed(username: string, address: string): void {
    const wait = Math.max(this.byUser.retryAfterS(username), this.byAddress.retryAfterS(address));
    if (wait > 0) throw new TooManyRequestsError(`too many failed logins: try again in ${wait} s`, wait);
  }

  /** Records a failed login; throws 429 when it started a lockout. */
  failed(username: string, address: string): void {
    const wait = Math.max(this.byUser.fail(username), this.byAddress.fail(address));
    if (wait > 0) throw new TooManyRequestsError(`too many failed logins: try again in ${wait} s`, wait);
  }

  succeeded(username: string, address: string): void {
    this.byUser.succeed(username);
    this.byAddress.succeed(address);
  }
}
