// One day's processing, as a pure function: validate and report quality, quarantine what cannot be
// repaired, impute → cap → encode the rest with the reference fit, split deterministically, and measure
// drift against the reference. The processor app only reads and writes around it.
import { LABEL_COLUMN, EncodedRow, LoanFeatures } from './columns';
import { computeDriftReport, DriftReport, DriftThresholds } from './drift';
import { imputeRow } from './imputer';
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
  drift?: Partial<DriftThresholds>;
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
  const imputed: LoanFeatures[] = [];
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
    imputed.push(imputeRow(v.row, fit));
  });
  const drift = computeDriftReport(fit, imputed, options.drift);
  return { quality, processed, quarantined, drift };
}
