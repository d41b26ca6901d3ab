import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Login, LoginSchema } from '@lobby/contracts';
import { TokenService, UsersService } from '@lobby/access';
import { DomainError } from '@lobby/platform';
import { Public } from './auth.guard';
import { ZodPipe } from './zod.pipe';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body(new ZodPipe(LoginSchema, 'body')) body: Login) {
    const principal = await this.users.authenticate(body.username, body.password);
    if (!principal) throw new DomainError('unauthorized', 'wrong username or password');
    return { token: this.tokens.sign(principal), user: principal };
  }
}
