// Checks one incoming row against the schema before anything is computed from it. A missing value (null
// or absent) is expected and is imputed later, so it is reported but is not an error. Anything else that
// is not a clean number — a wrong type, a numeric string, NaN/Infinity, a fraction, a value outside the
// hard bounds, an unknown category code, a bad or missing label, an unexpected field — is an error, and
// a row with errors is quarantined with its reasons rather than silently repaired.
import {
  CATEGORICAL_COLUMNS,
  CATEGORY_CODES,
  CategoricalColumn,
  FEATURE_COLUMNS,
  FeatureColumn,
  LABEL_COLUMN,
  LoanFeatures,
  NUMERIC_BOUNDS,
  NumericColumn,
} from './columns';

/** A validated row: every feature present as a number or null; the label only when it was given and valid. */
export type ValidatedRow = LoanFeatures & { [LABEL_COLUMN]?: 0 | 1 };

export type RowErrorKind =
  | 'not_an_object'
  | 'wrong_type'
  | 'numeric_string'
  | 'not_finite'
  | 'not_integer'
  | 'out_of_bounds'
  | 'unknown_code'
  | 'invalid_label'
  | 'missing_label'
  | 'unknown_field';

export interface RowError {
  /** The offending field (a feature, the label, an unexpected field name, or '*' for the row itself). */
  column: string;
  kind: RowErrorKind;
  reason: string;
}

export interface RowValidation {
  /** Normalised row; invalid values are nulled here too, but such a row is quarantined, not used. */
  row: ValidatedRow;
  /** Features that were null or absent (not errors: they are imputed). */
  missing: FeatureColumn[];
  errors: RowError[];
  valid: boolean;
}

export interface ValidateRowOptions {
  /** Labelled data (the daily batches): a missing label is an error. Default false (API records). */
  requireLabel?: boolean;
  /** Fields tolerated and dropped without an error, e.g. an 'ID' or a database '_id'. Default none. */
  ignoreFields?: readonly string[];
}

/**
 * Every column of the real data holds whole numbers (amounts are whole NT dollars, codes and ages are
 * integers — checked on data/credit-default-taiwan.csv), so a fraction is a sign of a broken producer.
 */
export const INTEGER_VALUED_COLUMNS: readonly FeatureColumn[] = FEATURE_COLUMNS;

const CATEGORICAL = new Set<string>(CATEGORICAL_COLUMNS);
const INTEGER_VALUED = new Set<string>(INTEGER_VALUED_COLUMNS);
const KNOWN_FIELDS = new Set<string>([...FEATURE_COLUMNS, LABEL_COLUMN]);
const CODE_SETS = Object.fromEntries(CATEGORICAL_COLUMNS.map((c) => [c, new Set(CATEGORY_CODES[c])])) as Record<
  CategoricalColumn,
  Set<number>
>;

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Type-level check shared by features and label: returns an error, or null when value is a finite number. */
function numberError(column: string, value: unknown): RowError | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : { column, kind: 'not_finite', reason: `${value} is not a finite number` };
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return {
      column,
      kind: 'numeric_string',
      reason: `numeric string ${JSON.stringify(value)} where a number is expected (not coerced)`,
    };
  }
  return { column, kind: 'wrong_type', reason: `expected a number or null, got ${describe(value)}` };
}

/** Each feature's rule, looked up once: whole numbers only, and its codes or its bounds. */
interface FeatureRule {
  column: FeatureColumn;
  integer: boolean;
  codes?: Set<number>;
  min: number;
  max: number;
}
const RULES: readonly FeatureRule[] = FEATURE_COLUMNS.map((column) => ({
  column,
  integer: INTEGER_VALUED.has(column),
  codes: CATEGORICAL.has(column) ? CODE_SETS[column as CategoricalColumn] : undefined,
  min: CATEGORICAL.has(column) ? -Infinity : NUMERIC_BOUNDS[column as NumericColumn].min,
  max: CATEGORICAL.has(column) ? Infinity : NUMERIC_BOUNDS[column as NumericColumn].max,
}));

function featureError(rule: FeatureRule, value: number): RowError | null {
  const { column, codes, min, max } = rule;
  if (rule.integer && !Number.isInteger(value)) {
    return { column, kind: 'not_integer', reason: `${value} is not a whole number` };
  }
  if (codes) {
    return codes.has(value) ? null : { column, kind: 'unknown_code', reason: `code ${value} is not one of ${[...codes].join(', ')}` };
  }
  return value >= min && value <= max
    ? null
    : { column, kind: 'out_of_bounds', reason: `${value} is outside the valid range [${min}, ${max}]` };
}

/**
 * A row of 23 nulls, built by assignment in schema order: every row then shares one hidden class, so
 * creating it and reading it later (preprocessing) stay fast; Object.fromEntries made a slower object
 * and cost most of the serving path's validation time (docs/performance.md).
 */
function nullRow(): ValidatedRow {
  const row = {} as Record<string, number | null>;
  for (let i = 0; i < FEATURE_COLUMNS.length; i++) row[FEATURE_COLUMNS[i]] = null;
  return row as ValidatedRow;
}

const NO_FIELDS: ReadonlySet<string> = new Set();

export function validateRow(raw: unknown, options: ValidateRowOptions = {}): RowValidation {
  const row = nullRow();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const reason = `row must be an object, got ${describe(raw)}`;
    const error: RowError = { column: '*', kind: 'not_an_object', reason };
    return { row, missing: [], errors: [error], valid: false };
  }
  const record = raw as Record<string, unknown>;
  const missing: FeatureColumn[] = [];
  const errors: RowError[] = [];

  for (let i = 0; i < RULES.length; i++) {
    const rule = RULES[i];
    const value = record[rule.column];
    if (value === null || value === undefined) {
      missing.push(rule.column);
      continue;
    }
    const error = typeof value === 'number' && Number.isFinite(value) ? featureError(rule, value) : numberError(rule.column, value);
    if (error) errors.push(error);
    else row[rule.column] = value as number;
  }

  const label = record[LABEL_COLUMN];
  if (label === null || label === undefined) {
    if (options.requireLabel) errors.push({ column: LABEL_COLUMN, kind: 'missing_label', reason: 'label is missing' });
  } else {
    const error = numberError(LABEL_COLUMN, label);
    if (error) errors.push(error);
    else if (label !== 0 && label !== 1) {
      errors.push({ column: LABEL_COLUMN, kind: 'invalid_label', reason: `label must be 0 or 1, got ${label}` });
    } else row[LABEL_COLUMN] = label;
  }

  const ignored = options.ignoreFields ? new Set(options.ignoreFields) : NO_FIELDS;
  for (const field in record) {
    if (!Object.prototype.hasOwnProperty.call(record, field)) continue;
    if (!KNOWN_FIELDS.has(field) && !ignored.has(field)) {
      errors.push({ column: field, kind: 'unknown_field', reason: `unexpected field ${JSON.stringify(field)}` });
    }
  }

  return { row, missing, errors, valid: errors.length === 0 };
}
