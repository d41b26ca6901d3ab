import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@lobby/runtime';
import { isUniqueViolation } from './unique-violation';
import { JobLockEntity } from './job-lock.entity';

/**
 * "Who runs the scheduled job" decided by the database: a lease per job name, taken with a
 * conditional update (expired, or already ours) or a first insert. Renewing before the lease
 * ends keeps it; an instance that dies loses it when it expires.
 */
export class JobLock {
  readonly holder: string;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    holder?: string,
  ) {
    this.holder = holder ?? randomUUID();
  }

  /** Takes or renews the lease on `name` for `ttlMs`; `true` when this instance holds it. */
  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const repo = this.db.getRepository(JobLockEntity);
    const taken = await repo
      .createQueryBuilder()
      .update(JobLockEntity)
      .set({ holder: this.holder, expiresAt: now + ttlMs })
      .where('name = :name', { name })
      .andWhere('(holder = :holder OR expires_at < :now)', { holder: this.holder, now })
      .execute();
    if ((taken.affected ?? 0) > 0) return true;
    try {
      await repo.insert({ name, holder: this.holder, expiresAt: now + ttlMs });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async release(name: string): Promise<void> {
    await this.db.getRepository(JobLockEntity).delete({ name, holder: this.holder });
  }
}
