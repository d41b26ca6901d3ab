/**
 * What both sides run: the injected clock, the structured logger and domain errors. Edge-safe:
 * nothing here (or imported from here) loads a database driver, TypeORM or central config.
 */
export * from './clock';
export * from './logger';
export * from './errors';
export * from './async/coalesced-runner';
export * from './async/keyed-serial-queue';
export * from './async/each-concurrently';
export * from './testing/eventually';
export * from './redact-url';
export * from './collections/lru-map';
