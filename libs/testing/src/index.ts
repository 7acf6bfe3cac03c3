export * from './app-processes';
export * from './test-env';
export * from './day-settler';
export * from './loop-driver';
