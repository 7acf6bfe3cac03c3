export * from './day-settler';
