// The loan-application row schema: the dataset's 23 feature columns and its label, as in
// data/credit-default-taiwan.csv. Every stage (generator, processor, trainer, API) reads it from here.

export const CATEGORICAL_COLUMNS = [
  'SEX',
  'EDUCATION',
  'MARRIAGE',
  'PAY_0',
  'PAY_2',
  'PAY_3',
  'PAY_4',
  'PAY_5',
  'PAY_6',
] as const;

export const MONEY_COLUMNS = [
  'LIMIT_BAL',
  'BILL_AMT1',
  'BILL_AMT2',
  'BILL_AMT3',
  'BILL_AMT4',
  'BILL_AMT5',
  'BILL_AMT6',
  'PAY_AMT1',
  'PAY_AMT2',
  'PAY_AMT3',
  'PAY_AMT4',
  'PAY_AMT5',
  'PAY_AMT6',
] as const;

/** Numeric columns, in model input order: LIMIT_BAL, AGE, then bills and payments. */
export const NUMERIC_COLUMNS = [
  'LIMIT_BAL',
  'AGE',
  'BILL_AMT1',
  'BILL_AMT2',
  'BILL_AMT3',
  'BILL_AMT4',
  'BILL_AMT5',
  'BILL_AMT6',
  'PAY_AMT1',
  'PAY_AMT2',
  'PAY_AMT3',
  'PAY_AMT4',
  'PAY_AMT5',
  'PAY_AMT6',
] as const;

/** Feature columns in the dataset's own order. */
export const FEATURE_COLUMNS = [
  'LIMIT_BAL',
  'SEX',
  'EDUCATION',
  'MARRIAGE',
  'AGE',
  'PAY_0',
  'PAY_2',
  'PAY_3',
  'PAY_4',
  'PAY_5',
  'PAY_6',
  'BILL_AMT1',
  'BILL_AMT2',
  'BILL_AMT3',
  'BILL_AMT4',
  'BILL_AMT5',
  'BILL_AMT6',
  'PAY_AMT1',
  'PAY_AMT2',
  'PAY_AMT3',
  'PAY_AMT4',
  'PAY_AMT5',
  'PAY_AMT6',
] as const;

export const LABEL_COLUMN = 'default_payment_next_month' as const;

export type CategoricalColumn = (typeof CATEGORICAL_COLUMNS)[number];
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];
export type FeatureColumn = (typeof FEATURE_COLUMNS)[number];

/** A loan application as it arrives: any feature may be missing (null). */
export type LoanFeatures = Record<FeatureColumn, number | null>;
/** A labelled row (raw data carries the label; the API's records do not). */
export type LabelledRow = LoanFeatures & { [LABEL_COLUMN]: 0 | 1 };
/** A complete row, as read from the real data. */
export type CompleteRow = Record<FeatureColumn, number> & { [LABEL_COLUMN]: 0 | 1 };

/**
 * Allowed codes per categorical column, including the data's undocumented ones (EDUCATION 0/5/6,
 * MARRIAGE 0) so real rows are never rejected. Index in this list + 1 is the encoded id; 0 is "unknown".
 */
export const CATEGORY_CODES: Record<CategoricalColumn, readonly number[]> = {
  SEX: [1, 2],
  EDUCATION: [0, 1, 2, 3, 4, 5, 6],
  MARRIAGE: [0, 1, 2, 3],
  PAY_0: [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8],
  PAY_2: [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8],
  PAY_3: [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8],
  PAY_4: [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8],
  PAY_5: [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8],
  PAY_6: [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8],
};

/** Hard validity bounds for numeric columns: a value outside is invalid, not an outlier. */
export const NUMERIC_BOUNDS: Record<NumericColumn, { min: number; max: number }> = {
  LIMIT_BAL: { min: 1, max: 10_000_000 },
  AGE: { min: 18, max: 100 },
  BILL_AMT1: { min: -5_000_000, max: 20_000_000 },
  BILL_AMT2: { min: -5_000_000, max: 20_000_000 },
  BILL_AMT3: { min: -5_000_000, max: 20_000_000 },
  BILL_AMT4: { min: -5_000_000, max: 20_000_000 },
  BILL_AMT5: { min: -5_000_000, max: 20_000_000 },
  BILL_AMT6: { min: -5_000_000, max: 20_000_000 },
  PAY_AMT1: { min: 0, max: 20_000_000 },
  PAY_AMT2: { min: 0, max: 20_000_000 },
  PAY_AMT3: { min: 0, max: 20_000_000 },
  PAY_AMT4: { min: 0, max: 20_000_000 },
  PAY_AMT5: { min: 0, max: 20_000_000 },
  PAY_AMT6: { min: 0, max: 20_000_000 },
};

/**
 * Model input for one row: categorical ids (CATEGORY_CODES index + 1, 0 = unknown) in
 * CATEGORICAL_COLUMNS order, and scaled numerics in NUMERIC_COLUMNS order.
 */
export interface EncodedRow {
  categorical: number[];
  numeric: number[];
}

/** Vocabulary size per categorical column (codes + the unknown id 0). */
export const CATEGORY_VOCAB_SIZES: number[] = CATEGORICAL_COLUMNS.map((c) => CATEGORY_CODES[c].length + 1);
