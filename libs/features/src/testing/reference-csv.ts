// Test helper (not exported by the lib, which does no I/O): reads the real data into CompleteRows,
// once per process, with the library's one CSV reader.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompleteRow } from '../columns';
import { parseCreditCsv } from '../credit-csv';

export const REFERENCE_CSV_PATH = join(__dirname, '../../../../data/credit-default-taiwan.csv');

let cached: CompleteRow[] | undefined;

export function loadReferenceRows(): CompleteRow[] {
  cached ??= parseCreditCsv(readFileSync(REFERENCE_CSV_PATH, 'utf8'));
  return cached;
}
