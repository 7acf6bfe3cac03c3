// @loan/simulation: the healing report of a simulated calendar — per-day records, summary figures, report text and chart specs (pure).
export * from './simulation-day';
export * from './healing-summary';
export * from './healing-report';
export * from './healing-charts';
