import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@lobby/contracts';
import { Principal, TokenService, UsersService } from '@lobby/access';
import { DomainError, forbidden } from '@lobby/platform';

const PUBLIC = 'lobby:public';
const ROLES = 'lobby:roles';
const QUERY_TOKEN = 'lobby:query-token';

/** Open without a token (health, login, docs, metrics). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
/** Also accepts `?access_token=` (EventSource cannot send headers). */
export const AllowQueryToken = () => SetMetadata(QUERY_TOKEN, true);

export type AuthedRequest = Request & { principal: Principal };

/** Every route needs a valid bearer token unless marked `@Public()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const token = bearer(request) ?? (this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN, targets) ? queryToken(request) : null);
    const claims = token ? this.tokens.verify(token) : null;
    // Role and branches are read afresh, so a disabled user or a changed scope takes effect at once;
    // a token issued before the user's last password change or disable is refused.
    const principal = claims ? await this.users.current(claims.username, claims.version) : null;
    if (!principal) throw new DomainError('unauthorized', token ? 'invalid or expired token' : 'missing bearer token');
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(principal.role)) throw forbidden(`role ${principal.role} may not do this`);
    return true;
  }
}

function bearer(request: Request): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

function queryToken(request: Request): string | null {
  const value = request.query.access_token;
  return typeof value === 'string' && value ? value : null;
}
