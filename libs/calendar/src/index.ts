export * from './branch-calendar';
