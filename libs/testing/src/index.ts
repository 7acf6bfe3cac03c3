export * from './app-processes';
export * from './test-env';
