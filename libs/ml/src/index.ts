// @loan/ml — TabTransformer training and inference on tfjs. Pure: no Nest, no databases, no file
// or network I/O. (src/testing/ holds test-only helpers, one of which reads files; not exported.)
export * from './backend';
export * from './encoded-matrix';
export * from './loan-model';
export * from './loss';
export * from './metrics';
export * from '@loan/stats';
export * from './attempt-ladder';
export * from './f1-bootstrap';
export * from './decay-trigger';
export * from './ops/attention';
export * from './ops/dense';
export * from './ops/dropout';
export * from './ops/layer-norm';
export * from './param-store';
export * from './pretraining';
export * from './prng';
export * from './recipes';
export * from './serialisation';
export * from './split';
export * from './tab-transformer';
export * from './tab-transformer-config';
export * from './training';
export * from './training-progress';
export * from './wasm-kernels';
export * from './weight-map';
export * from './retrain-policy';
