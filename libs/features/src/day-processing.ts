// One day's processing, as a pure function: validate and report quality, quarantine what cannot be
// repaired, impute → cap → encode the rest with the reference fit, split deterministically, and measure
// drift against the reference (thresholds calibrated for the batch size). The processor app only reads and writes around it.
import { LABEL_COLUMN, EncodedRow, LoanFeatures } from './columns';
import { computeDriftReport, DriftOptions, DriftReport } from './drift';
import { PreprocessingFit } from './preprocessing-fit';
import { preprocessRow } from './preprocessing';
import { assessBatch, QualityReport } from './quality-report';
import { RowError } from './row-validator';
import { SplitName, splitForDay } from './split';

export interface ProcessedRow extends EncodedRow {
  row: number;
  label: 0 | 1;
  split: SplitName;
}

export interface QuarantinedRow {
  row: number;
  record: unknown;
  reasons: RowError[];
}

export interface DayProcessingResult {
  quality: QualityReport;
  processed: ProcessedRow[];
  quarantined: QuarantinedRow[];
  drift: DriftReport;
}

export interface DayProcessingOptions {
  date: string;
  evalShare?: number;
  /** The fit's drift calibration (calibrateDrift) and optionally the dataset alpha. */
  drift: Pick<DriftOptions, 'calibration'> & Partial<DriftOptions>;
}

/** `records[i]` is row i of the day. */
export function processDay(
  records: readonly unknown[],
  fit: PreprocessingFit,
  options: DayProcessingOptions,
): DayProcessingResult {
  const { report: quality, validations } = assessBatch(records, fit, { requireLabel: true });
  const processed: ProcessedRow[] = [];
  const quarantined: QuarantinedRow[] = [];
  // Drift is measured on the validated values before imputation: a gap is skipped, not counted as the median.
  const observed: LoanFeatures[] = [];
  validations.forEach((v, row) => {
    if (!v.valid) {
      quarantined.push({ row, record: records[row], reasons: v.errors });
      return;
    }
    const encoded = preprocessRow(v.row, fit);
    processed.push({
      row,
      ...encoded,
      label: v.row[LABEL_COLUMN] as 0 | 1,
      split: splitForDay(options.date, row, options.evalShare),
    });
    observed.push(v.row);
  });
  const drift = computeDriftReport(fit, observed, options.drift);
  return { quality, processed, quarantined, drift };
}
