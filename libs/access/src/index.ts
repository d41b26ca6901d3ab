export * from './entities/user.entity';
export * from './entities/agent-credential.entity';
export * from './entities/audit-log.entity';
export * from './secret-hash';
export * from './principal';
export * from './token.service';
export * from './users.service';
export * from './agent-credentials.service';

import { AgentCredentialEntity } from './entities/agent-credential.entity';
import { AuditLogEntity } from './entities/audit-log.entity';
import { UserEntity } from './entities/user.entity';
export const ACCESS_ENTITIES = [UserEntity, AgentCredentialEntity, AuditLogEntity];
export * from './failure-limiter';
export * from './login-throttle';
export * from './audit.service';
export * from './mosquitto-files';
export * from './mosquitto-sync';
export * from './access.events';
