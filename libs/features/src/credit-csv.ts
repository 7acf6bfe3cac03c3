// The one reader of the credit-default CSV: csv-parse splits the text (quotes, BOM, CRLF, empty lines);
// this file only checks the columns and the numbers. Reading the file is the caller's job (no I/O here).
import { CsvError, parse } from 'csv-parse/sync';
import { type CompleteRow, FEATURE_COLUMNS, LABEL_COLUMN } from './columns';

/** Every column a complete row needs: the 23 features and the label. */
export const CSV_REQUIRED_COLUMNS = [...FEATURE_COLUMNS, LABEL_COLUMN] as const;

/**
 * Parses comma-separated text with a header row (as in data/credit-default-taiwan.csv). Columns may come
 * in any order; ID and any other extra columns are dropped. Throws naming the line on a missing column,
 * a row of the wrong length or a non-numeric cell, and on a label other than 0/1.
 */
export function parseCreditCsv(text: string): CompleteRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let width = 0;
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const missing = CSV_REQUIRED_COLUMNS.filter((c) => !names.includes(c));
        if (missing.length) throw new Error(`CSV header is missing required column(s): ${missing.join(', ')} (header: ${names.join(',')})`);
        width = names.length;
        return names;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (e) {
    if (e instanceof CsvError && e.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
      const { lines, record } = e as CsvError & { lines: number; record?: string[] };
      throw new Error(`CSV line ${lines}: expected ${width} cells, got ${record?.length ?? '?'}`);
    }
    throw e;
  }
  if (records.length === 0 && !text.replace(/^\uFEFF/, '').trim()) {
    throw new Error(`CSV header is missing required column(s): ${CSV_REQUIRED_COLUMNS.join(', ')} (empty text)`);
  }
  return records.map(({ record, info }) => {
    const row: Record<string, number> = {};
    for (const column of CSV_REQUIRED_COLUMNS) {
      const raw = record[column];
      const value = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(value)) throw new Error(`CSV line ${info.lines}: column ${column} is not a number: "${raw}"`);
      row[column] = value;
    }
    if (row[LABEL_COLUMN] !== 0 && row[LABEL_COLUMN] !== 1) {
      throw new Error(`CSV line ${info.lines}: ${LABEL_COLUMN} must be 0 or 1, got ${row[LABEL_COLUMN]}`);
    }
    return row as CompleteRow;
  });
}
