// Serving logic for the prediction API and the deployer, kept pure (no Nest, no I/O) so it is unit-tested
// in isolation: request parsing, micro-batching, promotion, registry pruning and shadow comparison.
export * from './micro-batcher';
export * from './predict-request';
export * from './promotion-policy';
export * from './prune-selection';
export * from './shadow-agreement';
export * from './prediction-id';
export * from './prediction-tally';
