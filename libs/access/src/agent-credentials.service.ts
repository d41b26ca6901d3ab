import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainEventBus } from '@lobby/platform';
import { AgentCredentialEntity } from './entities/agent-credential.entity';
import { mosquittoPasswordHash } from './mosquitto-files';
import { hashSecret, randomSecret, verifySecret } from './secret-hash';

/**
 * MQTT credentials of branch agents. The username is the branch id (so an external broker's
 * ACL can use `pattern write lobby/v1/%u/#`); the secret is shown once and stored hashed.
 */
@Injectable()
export class AgentCredentialsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly events: DomainEventBus,
  ) {}

  async issue(branchId: string): Promise<{ username: string; password: string }> {
    const password = randomSecret(24);
    const secretHash = await hashSecret(password);
    // Kept for an external Mosquitto's password file: the secret itself is never stored.
    const mosquittoHash = await mosquittoPasswordHash(password);
    await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(AgentCredentialEntity);
      await repo.delete({ branchId });
      await repo.insert({ username: branchId, branchId, secretHash, mosquittoHash, createdAt: this.clock.now() });
    });
    this.events.emit('credentials.replaced', { branchId });
    return { username: branchId, password };
  }

  /** The branch an agent may act for, or `null` when the credentials are wrong. */
  async verify(username: string, password: string): Promise<string | null> {
    const row = await this.db.getRepository(AgentCredentialEntity).findOneBy({ username });
    if (!row) return null;
    return (await verifySecret(password, row.secretHash)) ? row.branchId : null;
  }
}
