// Test helper (not exported by the lib, which does no I/O): reads the real data into CompleteRows.
// A deliberately small parser: the file is plain comma-separated integers with a header row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompleteRow, FEATURE_COLUMNS, LABEL_COLUMN } from '../columns';

export const REFERENCE_CSV_PATH = join(__dirname, '../../../../data/credit-default-taiwan.csv');

export function parseReferenceCsv(text: string): CompleteRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',').map((h) => h.trim());
  const wanted = [...FEATURE_COLUMNS, LABEL_COLUMN];
  const index = wanted.map((c) => {
    const i = header.indexOf(c);
    if (i < 0) throw new Error(`reference CSV lacks column ${c}`);
    return i;
  });
  return lines.slice(1).map((line, n) => {
    const cells = line.split(',');
    const row: Record<string, number> = {};
    wanted.forEach((c, k) => {
      const v = Number(cells[index[k]]);
      if (!Number.isFinite(v) || cells[index[k]].trim() === '') throw new Error(`line ${n + 2}: bad ${c}`);
      row[c] = v;
    });
    return row as CompleteRow;
  });
}

let cached: CompleteRow[] | undefined;

export function loadReferenceRows(): CompleteRow[] {
  cached ??= parseReferenceCsv(readFileSync(REFERENCE_CSV_PATH, 'utf8'));
  return cached;
}
