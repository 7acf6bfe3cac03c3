export * from './app-processes';
export * from './test-env';
export * from './loop-driver';
export * from './browser';
