import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
/** Mosquitto 2's defaults for `$7$` (PBKDF2-SHA512) password hashes. */
const ITERATIONS = 101;
const SALT_BYTES = 12;
const HASH_BYTES = 64;

/** A password in Mosquitto's password-file format: `$7$iterations$salt$hash` (base64). */
export async function mosquittoPasswordHash(password: string, salt: Buffer = randomBytes(SALT_BYTES)): Promise<string> {
  const hash = await pbkdf2Async(password, salt, ITERATIONS, HASH_BYTES, 'sha512');
  return `$7$${ITERATIONS}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export interface MosquittoUser {
  username: string;
  hash: string;
}

/** `username:hash` lines, sorted so a re-run without changes writes the same file. */
export function renderPasswordFile(users: MosquittoUser[]): string {
  return [...users]
    .sort((a, b) => a.username.localeCompare(b.username))
    .map((u) => `${u.username}:${u.hash}\n`)
    .join('');
}

/**
 * The ACL of the contract's topic tree: each agent (username = branch id) publishes only its
 * own branch's agent, status, event and command-result topics and reads only its own branch's
 * commands and the centre's state; the central server's user reads and writes everything.
 */
export function renderAclFile(branchIds: string[], centralUser: string): string {
  const lines = ['# Written by `npm run mosquitto:sync`: do not edit, run it again.', ''];
  for (const branch of [...branchIds].sort()) {
    lines.push(
      `user ${branch}`,
      `topic write lobby/v1/${branch}/agent/#`,
      `topic write lobby/v1/${branch}/device/+/status`,
      `topic write lobby/v1/${branch}/device/+/event`,
      `topic write lobby/v1/${branch}/device/+/cmd/result`,
      `topic write lobby/v1/${branch}/queue/status`,
      `topic read lobby/v1/${branch}/device/+/cmd`,
      'topic read lobby/v1/central/state',
      '',
    );
  }
  lines.push(`user ${centralUser}`, 'topic readwrite lobby/v1/#', 'topic readwrite $share/+/lobby/v1/#', '');
  return lines.join('\n');
}
