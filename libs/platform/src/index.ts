/** Central-only: TypeORM, metrics, central config. The edge-safe pieces live in `@lobby/runtime`;
 *  they are re-exported here so central code imports one lib. */
export * from '@lobby/runtime';
export * from './config/central-config';
export * from './metrics/metrics';
export * from './database/column-types';
export * from './database/setting.entity';
export * from './database/data-source-options';
export * from './database/migration-list';
export * as migrationColumns from './database/migrations/columns';
export * from './database/unique-violation';
export * from './database/job-lock.entity';
export * from './database/job-lock';
export * from './database/sqlite-serialization';
export * from './events/domain-event-bus';
export * from './events/cross-instance-relay';
