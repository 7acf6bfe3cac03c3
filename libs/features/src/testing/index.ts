export * from './rows';
export * from './hand-fit';
export * from './reference-csv';
