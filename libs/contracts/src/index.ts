export * from './queues';
export * from './job-ids';
export * from './payloads';
export * from './validate-payload';
export * from './scenario-constraint';
export * from './version-ref';
