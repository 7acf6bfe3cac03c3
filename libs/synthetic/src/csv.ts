// Parses the credit-default CSV *text* into typed rows; reading the file is the caller's job.
import { type CompleteRow, FEATURE_COLUMNS, LABEL_COLUMN } from '@loan/features';

/** Every column a complete row needs: the 23 features and the label. */
export const CSV_REQUIRED_COLUMNS = [...FEATURE_COLUMNS, LABEL_COLUMN] as const;

/**
 * Parses comma-separated text with a header row (as in data/credit-default-taiwan.csv).
 * Columns may come in any order; ID and any other extra columns are dropped. Throws with the
 * line number on a missing column, a short row or a non-numeric cell, and on a label other than 0/1.
 */
export function parseCreditCsv(text: string): CompleteRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
  const missing = CSV_REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new Error(`CSV header is missing required column(s): ${missing.join(', ')} (header: ${header.join(',')})`);
  }
  const indices = CSV_REQUIRED_COLUMNS.map((c) => header.indexOf(c));
  const rows: CompleteRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length < header.length) {
      throw new Error(`CSV line ${i + 1}: expected ${header.length} cells, got ${cells.length}`);
    }
    const row: Record<string, number> = {};
    for (let j = 0; j < CSV_REQUIRED_COLUMNS.length; j++) {
      const raw = cells[indices[j]].trim();
      const value = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(value)) {
        throw new Error(`CSV line ${i + 1}: column ${CSV_REQUIRED_COLUMNS[j]} is not a number: "${raw}"`);
      }
      row[CSV_REQUIRED_COLUMNS[j]] = value;
    }
    if (row[LABEL_COLUMN] !== 0 && row[LABEL_COLUMN] !== 1) {
      throw new Error(`CSV line ${i + 1}: ${LABEL_COLUMN} must be 0 or 1, got ${row[LABEL_COLUMN]}`);
    }
    rows.push(row as CompleteRow);
  }
  return rows;
}
