export * from './branch-calendar';
export * from './light-schedule';
