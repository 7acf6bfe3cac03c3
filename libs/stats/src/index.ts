// @loan/stats: the statistics every pure lib shares — the normal distribution, seeded random streams,
// ROC-AUC with DeLong's error — so synthetic, features and ml each use one copy (pure, no I/O).
export * from './normal-distribution';
export * from './seeded-random';
export * from './auc-inference';
