import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Login, LoginSchema } from '@lobby/contracts';
import { LoginThrottle, TokenService, UsersService } from '@lobby/access';
import { DomainError } from '@lobby/platform';
import { Public } from './auth.guard';
import { ZodPipe } from './zod.pipe';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** 429 with `Retry-After` while the username or the caller's address is locked out. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body(new ZodPipe(LoginSchema, 'body')) body: Login, @Req() request: Request) {
    const address = request.socket.remoteAddress ?? 'unknown';
    this.throttle.assertAllowed(body.username, address);
    const authenticated = await this.users.authenticate(body.username, body.password);
    if (!authenticated) {
      this.throttle.failed(body.username, address);
      throw new DomainError('unauthorized', 'wrong username or password');
    }
    this.throttle.succeeded(body.username, address);
    const { tokenVersion, ...principal } = authenticated;
    return { token: this.tokens.sign(principal, tokenVersion), user: principal };
  }
}
