import type { MigrationClass } from '@lobby/platform';
import { SecurityAudit1764835200000 } from './1764835200000-security-audit';

/** Access's tables (users, agent credentials, audit log) after the initial schema. */
export const ACCESS_MIGRATIONS: MigrationClass[] = [SecurityAudit1764835200000];
