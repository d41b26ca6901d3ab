import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '@lobby/access';
import type { AuthedRequest } from './auth.guard';

/** The authenticated caller of this request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<AuthedRequest>().principal,
);
