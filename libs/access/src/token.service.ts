import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '@lobby/contracts';
import { SettingEntity } from '@lobby/platform';
import type { Principal } from './principal';
import { randomSecret } from './secret-hash';

const SECRET_KEY = 'jwt.secret';

/** Signs and verifies expiring bearer tokens. The secret comes from `JWT_SECRET`, or is
 *  generated once and kept in the database so restarts and instances share it. */
@Injectable()
export class TokenService {
  private jwt?: JwtService;

  constructor(private readonly db: DataSource) {}

  async init(configuredSecret: string | undefined, ttlS: number): Promise<void> {
    const secret = configuredSecret ?? (await this.sharedSecret());
    this.jwt = new JwtService({ secret, signOptions: { expiresIn: ttlS, algorithm: 'HS256' } });
  }

  sign(principal: Principal): string {
    return this.service().sign({ sub: principal.username, role: principal.role, branches: principal.branches });
  }

  /** The principal of a valid, unexpired token; `null` otherwise. */
  verify(token: string): Principal | null {
    try {
      const claims = this.service().verify<{ sub?: unknown; role?: unknown; branches?: unknown }>(token, {
        algorithms: ['HS256'],
      });
      if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role) || !Array.isArray(claims.branches)) return null;
      return { username: claims.sub, role: claims.role as Role, branches: claims.branches.filter((b) => typeof b === 'string') };
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
