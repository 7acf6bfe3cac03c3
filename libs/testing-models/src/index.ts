export * from './model-fixtures';
