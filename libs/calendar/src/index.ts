export * from './branch-calendar';
export * from './light-schedule';
export * from './local-hour';
