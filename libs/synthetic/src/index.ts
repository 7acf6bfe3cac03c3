// @loan/synthetic: pure synthetic-data generation for the daily loop (no I/O, no Nest).
export * from './seeded-random';
export * from './normal-distribution';
export * from './csv';
export * from './linear-algebra';
export * from './marginals';
export * from './normal-scores';
export * from './model-columns';
export * from './gaussian-copula';
export * from './copula-model-validation';
export * from './scenarios';
export * from './corruption';
export * from './daily-batch';
export * from './fidelity';
export * from './invalid-rows';
