export * from './entities/user.entity';
export * from './entities/agent-credential.entity';
export * from './secret-hash';
export * from './principal';
export * from './token.service';
export * from './users.service';
export * from './agent-credentials.service';

import { AgentCredentialEntity } from './entities/agent-credential.entity';
import { UserEntity } from './entities/user.entity';
export const ACCESS_ENTITIES = [UserEntity, AgentCredentialEntity];
export * from './failure-limiter';
