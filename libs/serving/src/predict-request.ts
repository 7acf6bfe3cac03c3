// Parses and validates the body of POST /api/v1/predict: {"records":[{...}, ...]}. Every problem is
// reported with a path naming the record and column, so a client can fix a batch in one round trip;
// nothing is coerced (a numeric string is an error, not a number). Missing features are fine: they
// are imputed by the model's preprocessing, exactly as in training.
import { LABEL_COLUMN, LoanFeatures, validateRow } from '@loan/features';

export const MAX_PREDICT_RECORDS = 10_000;
/** Errors listed per response; beyond this a client learns only how many more there are. */
export const MAX_REPORTED_ERRORS = 100;

export interface FieldError {
  /** 'records', 'records[3].AGE', 'records[0]', a top-level key such as 'foo', or 'body' for the body itself. */
  field: string;
  kind: string;
  message: string;
}

export type PredictRequestResult = { ok: true; records: LoanFeatures[] } | { ok: false; errors: FieldError[] };

export interface PredictRequestOptions {
  maxRecords?: number;
}

/** Keeps the first MAX_REPORTED_ERRORS errors and counts the rest, so a huge bad batch stays cheap. */
class ErrorList {
  readonly shown: FieldError[] = [];
  private hidden = 0;

  add(error: FieldError): void {
    if (this.shown.length < MAX_REPORTED_ERRORS) this.shown.push(error);
    else this.hidden += 1;
  }

  get empty(): boolean {
    return this.shown.length === 0;
  }

  result(): FieldError[] {
    if (this.hidden === 0) return this.shown;
    return [...this.shown, { field: 'records', kind: 'truncated', message: `${this.hidden} more errors not shown` }];
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const hasOwn = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Validates one record, adding its errors under records[i]; returns the features when it is clean. */
function parseRecord(raw: unknown, index: number, errors: ErrorList): LoanFeatures | null {
  const validation = validateRow(raw, { requireLabel: false });
  const labelSent = isPlainObject(raw) && hasOwn(raw, LABEL_COLUMN);
  // The common case: a clean record. validateRow's row holds the 23 features in schema order and, since
  // no label was sent, nothing else.
  if (validation.valid && !labelSent) return validation.row;
  const path = `records[${index}]`;
  let clean = true;
  for (const error of validation.errors) {
    // The label is an output, not an input, at predict time: its value does not matter, only its presence.
    if (error.column === LABEL_COLUMN) continue;
    clean = false;
    const field = error.column === '*' ? path : `${path}.${error.column}`;
    errors.add({ field, kind: error.kind, message: error.reason });
  }
  if (labelSent) {
    clean = false;
    errors.add({
      field: `${path}.${LABEL_COLUMN}`,
      kind: 'unknown_field',
      message: `${LABEL_COLUMN} is the label, which is predicted and must not be sent`,
    });
  }
  return clean ? validation.row : null;
}

export function parsePredictRequest(body: unknown, options: PredictRequestOptions = {}): PredictRequestResult {
  const maxRecords = options.maxRecords ?? MAX_PREDICT_RECORDS;
  if (!Number.isInteger(maxRecords) || maxRecords < 1) {
    throw new RangeError(`maxRecords must be a positive integer, got ${maxRecords}`);
  }
  if (!isPlainObject(body)) {
    const message = `body must be a JSON object like {"records": [...]}, got ${describe(body)}`;
    return { ok: false, errors: [{ field: 'body', kind: 'not_an_object', message }] };
  }

  const errors = new ErrorList();
  for (const key of Object.keys(body)) {
    if (key !== 'records') {
      errors.add({ field: key, kind: 'unknown_field', message: `unexpected field ${JSON.stringify(key)}; only "records" is allowed` });
    }
  }

  const records = hasOwn(body, 'records') ? body.records : undefined;
  if (records === undefined) {
    errors.add({ field: 'records', kind: 'missing', message: 'records is required' });
  } else if (!Array.isArray(records)) {
    errors.add({ field: 'records', kind: 'wrong_type', message: `records must be an array, got ${describe(records)}` });
  } else if (records.length === 0) {
    errors.add({ field: 'records', kind: 'empty', message: 'records must hold at least one record' });
  } else if (records.length > maxRecords) {
    // Not validated record by record: the request is refused whole, and checking it would cost the most.
    const message = `at most ${maxRecords} records per request, got ${records.length}`;
    errors.add({ field: 'records', kind: 'too_many', message });
  } else {
    const parsed = records.map((raw, i) => parseRecord(raw, i, errors));
    if (errors.empty) return { ok: true, records: parsed as LoanFeatures[] };
  }
  return { ok: false, errors: errors.result() };
}
