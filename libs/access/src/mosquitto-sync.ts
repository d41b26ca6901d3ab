import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AgentCredentialEntity } from './entities/agent-credential.entity';
import { mosquittoPasswordHash, renderAclFile, renderPasswordFile } from './mosquitto-files';

export interface MosquittoSyncResult {
  passwordFile: string;
  aclFile: string;
  agents: string[];
  /** Branches whose credentials were issued before Mosquitto hashes were kept: issue them again. */
  skipped: string[];
}

/**
 * Writes `lobby.passwd` (mode 0600) and `lobby.acl` for an external Mosquitto from the agent
 * credentials in the database. Secrets are stored hashed, so each credential keeps a Mosquitto
 * hash made when it was issued; the central server's own user is hashed from its password here.
 */
export async function writeMosquittoFiles(db: DataSource, outDir: string, central: { username: string; password: string }): Promise<MosquittoSyncResult> {
  const rows = await db.getRepository(AgentCredentialEntity).find({ order: { branchId: 'ASC' } });
  const usable = rows.filter((r) => r.mosquittoHash);
  const users = [...usable.map((r) => ({ username: r.username, hash: r.mosquittoHash! })), { username: central.username, hash: await mosquittoPasswordHash(central.password) }];
  mkdirSync(outDir, { recursive: true });
  const passwordFile = join(outDir, 'lobby.passwd');
  const aclFile = join(outDir, 'lobby.acl');
  writeFileSync(passwordFile, renderPasswordFile(users), { mode: 0o600 });
  chmodSync(passwordFile, 0o600);
  writeFileSync(aclFile, renderAclFile(usable.map((r) => r.username), central.username));
  return { passwordFile, aclFile, agents: usable.map((r) => r.branchId), skipped: rows.filter((r) => !r.mosquittoHash).map((r) => r.branchId) };
}

