import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '@lobby/contracts';
import { SettingEntity } from '@lobby/platform';
import type { Principal } from './principal';
import { randomSecret } from './secret-hash';

const SECRET_KEY = 'jwt.secret';
/** Clock difference between instances a token's lifetime may show. */
const LEEWAY_S = 60;

/** What a valid token says: who, and which token version of that user it was issued under. */
export interface TokenClaims {
  username: string;
  version: number;
}

/** Signs and verifies expiring bearer tokens. The secret comes from `JWT_SECRET`, or is
 *  generated once and kept in the database so restarts and instances share it. */
@Injectable()
export class TokenService {
  private jwt?: JwtService;
  private ttlS = 0;

  constructor(private readonly db: DataSource) {}

  async init(configuredSecret: string | undefined, ttlS: number): Promise<void> {
    const secret = configuredSecret ?? (await this.sharedSecret());
    this.ttlS = ttlS;
    this.jwt = new JwtService({ secret, signOptions: { expiresIn: ttlS, algorithm: 'HS256' } });
  }

  /** A token for `principal`, valid for the configured lifetime and until `tokenVersion` is raised. */
  sign(principal: Principal, tokenVersion: number): string {
    return this.service().sign({ sub: principal.username, role: principal.role, branches: principal.branches, ver: tokenVersion });
  }

  /**
   * The claims of a valid, unexpired token; `null` otherwise. A token must carry `iat` and `exp`
   * and live no longer than the configured lifetime: one without an expiry never dies.
   */
  verify(token: string): TokenClaims | null {
    try {
      const claims = this.service().verify<{ sub?: unknown; role?: unknown; branches?: unknown; ver?: unknown; iat?: unknown; exp?: unknown }>(token, {
        algorithms: ['HS256'],
      });
      if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role) || !Array.isArray(claims.branches)) return null;
      if (typeof claims.ver !== 'number' || typeof claims.iat !== 'number' || typeof claims.exp !== 'number') return null;
      const nowS = Date.now() / 1000;
      if (claims.exp - claims.iat > this.ttlS + LEEWAY_S || claims.exp > nowS + this.ttlS + LEEWAY_S) return null;
      return { username: claims.sub, version: claims.ver };
    } catch {
      return null;
    }
  }

  private service(): JwtService {
    if (!this.jwt) throw new Error('TokenService used before init()');
    return this.jwt;
  }

  private async sharedSecret(): Promise<string> {
    const repo = this.db.getRepository(SettingEntity);
    await repo.createQueryBuilder().insert().values({ key: SECRET_KEY, value: randomSecret(48) }).orIgnore().execute();
    const row = await repo.findOneByOrFail({ key: SECRET_KEY });
    return row.value;
  }
}
