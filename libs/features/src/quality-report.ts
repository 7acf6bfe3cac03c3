// A day's data-quality summary, judged against the reference fit: how many rows pass validation, what is
// missing (imputed later), what lies outside the reference fences (capped later), which rows are
// quarantined and why, and which rows repeat an earlier one exactly.
import { FEATURE_COLUMNS, FeatureColumn, LABEL_COLUMN, NUMERIC_COLUMNS, NumericColumn } from './columns';
import { isOutlier } from './iqr-capper';
import { PreprocessingFit } from './preprocessing-fit';
import { RowError, RowValidation, ValidateRowOptions, validateRow } from './row-validator';

export interface QualityReport {
  referenceFingerprint: string;
  rows: number;
  validRows: number;
  quarantinedRows: number;
  /** Null/absent values per feature, over all rows (a quarantined row's gaps count too). */
  missingByColumn: Record<FeatureColumn, number>;
  /** Values outside the reference fences per numeric feature, over valid rows (missing values skipped). */
  outliersByColumn: Record<NumericColumn, number>;
  /** Quarantined rows: index in the input and every reason. */
  invalid: { index: number; reasons: RowError[] }[];
  /**
   * Valid rows whose 23 features (label ignored, missing as null) equal an earlier valid row's: count and
   * indices of the repeats (the first occurrence is not listed, it is the one kept).
   */
  duplicates: { count: number; indices: number[] };
  /** Missing cells / (rows × 23). */
  missingRate: number;
  /** Outlier cells / present numeric cells of valid rows. */
  outlierRate: number;
  /** Share of label 1 among valid rows that carry a label; null when none does. */
  labelRate: number | null;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Validates each row (see validateRow) and summarises; `validations` is returned for reuse by the caller. */
export function assessBatch(
  rows: readonly unknown[],
  reference: PreprocessingFit,
  options: ValidateRowOptions = {},
): { report: QualityReport; validations: RowValidation[] } {
  const validations = rows.map((r) => validateRow(r, options));
  return { report: qualityReportFromValidations(validations, reference), validations };
}

export function buildQualityReport(
  rows: readonly unknown[],
  reference: PreprocessingFit,
  options: ValidateRowOptions = {},
): QualityReport {
  return assessBatch(rows, reference, options).report;
}

export function qualityReportFromValidations(
  validations: readonly RowValidation[],
  reference: PreprocessingFit,
): QualityReport {
  const missingByColumn = zeros(FEATURE_COLUMNS);
  const outliersByColumn = zeros(NUMERIC_COLUMNS);
  const invalid: QualityReport['invalid'] = [];
  const duplicateIndices: number[] = [];
  const seen = new Set<string>();
  let missingCells = 0;
  let outlierCells = 0;
  let checkedCells = 0;
  let labelled = 0;
  let positives = 0;

  validations.forEach((v, index) => {
    for (const c of v.missing) missingByColumn[c]++;
    missingCells += v.missing.length;
    if (!v.valid) {
      invalid.push({ index, reasons: v.errors });
      return;
    }
    for (const c of NUMERIC_COLUMNS) {
      const value = v.row[c];
      if (value === null) continue;
      checkedCells++;
      if (isOutlier(c, value, reference)) {
        outliersByColumn[c]++;
        outlierCells++;
      }
    }
    const label = v.row[LABEL_COLUMN];
    if (label !== undefined) {
      labelled++;
      positives += label;
    }
    const key = FEATURE_COLUMNS.map((c) => v.row[c]).join(',');
    if (seen.has(key)) duplicateIndices.push(index);
    else seen.add(key);
  });

  const rows = validations.length;
  return {
    referenceFingerprint: reference.fingerprint,
    rows,
    validRows: rows - invalid.length,
    quarantinedRows: invalid.length,
    missingByColumn,
    outliersByColumn,
    invalid,
    duplicates: { count: duplicateIndices.length, indices: duplicateIndices },
    missingRate: rows ? missingCells / (rows * FEATURE_COLUMNS.length) : 0,
    outlierRate: checkedCells ? outlierCells / checkedCells : 0,
    labelRate: labelled ? positives / labelled : null,
  };
}
