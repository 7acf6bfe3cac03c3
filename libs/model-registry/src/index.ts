export * from './ml-backend.service';
export * from './model-registry.module';
export * from './model-registry.service';
export * from './deployment.service';
export * from './reload-publisher';
export * from './training-threads.service';
