// The fitted preprocessing: every statistic the pipeline and the drift check need, computed once from the
// REFERENCE (real) data and then frozen. Daily batches and API requests are transformed with these
// numbers, never with their own, so one row is treated the same alone or inside any batch. The fit is a
// plain JSON object (it is stored next to the model) with a content fingerprint that names it.
import {
  CATEGORICAL_COLUMNS,
  CATEGORY_CODES,
  CategoricalColumn,
  CompleteRow,
  LABEL_COLUMN,
  NUMERIC_COLUMNS,
  NumericColumn,
} from './columns';
import { contentFingerprint } from './fingerprint';
import { clamp, mean, populationStd, quantileSketchSorted, quantileSorted, sortedCopy } from './statistics';
import { NumericScale, numericScaleOf, toFitScale } from './value-scale';

/** Bump when the shape or the meaning of a field changes; consumers refuse other versions. */
export const PREPROCESSING_FIT_SCHEMA_VERSION = 1 as const;

export interface Fences {
  lower: number;
  upper: number;
}

export interface FitOptions {
  /** Tukey multiplier: fences at Q1 − k·IQR and Q3 + k·IQR. */
  iqrK: number;
  /**
   * Fences are never tighter than the reference's tailQuantile / (1 − tailQuantile) quantiles: at most
   * that share of the reference is flagged per tail. Why: on the signed-log scale the money columns have
   * a point mass at 0 (17–24% of PAY_AMT, 7–13% of BILL_AMT) and a mode of negative bills, which plain
   * Tukey fences would flag and cap as 8–22% "outliers", erasing the "paid nothing" signal. null = plain
   * Tukey fences.
   */
  tailQuantile: number | null;
  /** Number of equally spaced quantiles kept per numeric column for Wasserstein drift. */
  sketchSize: number;
  /** PSI bins per numeric column: reference quantiles (deciles by default), ties merged. */
  psiBins: number;
}

export const DEFAULT_FIT_OPTIONS: FitOptions = { iqrK: 1.5, tailQuantile: 0.005, sketchSize: 101, psiBins: 10 };

/** Everything below is on the column's fitted scale (signed log1p for money, raw for AGE) unless noted. */
export interface NumericColumnFit {
  scale: NumericScale;
  /** Imputation value, in RAW units. */
  median: number;
  q1: number;
  q3: number;
  /** Plain Tukey fences, for reference. */
  tukeyFences: Fences;
  /** Fences used for capping and for outlier counts (Tukey widened by tailQuantile, see FitOptions). */
  fences: Fences;
  /** Standardisation, fitted on the capped values (the scaler sees what the capper outputs). */
  scaler: { mean: number; std: number };
  /** Reference distribution for drift, on uncapped values (drift compares imputed, uncapped rows). */
  reference: {
    mean: number;
    std: number;
    /** sketchSize quantiles at probabilities k/(sketchSize − 1). */
    quantiles: number[];
    /** Inner bin edges; bins are (−∞, e0], (e0, e1], …, (e_last, +∞). */
    binEdges: number[];
    /** Reference share in each bin (binEdges.length + 1 entries). */
    binShares: number[];
  };
}

export interface CategoricalColumnFit {
  /** Imputation value: the most frequent code (smallest code on ties). */
  mode: number;
  /** The codes the frequencies refer to (CATEGORY_CODES of the column when fitted). */
  codes: number[];
  /** Reference share of each code, aligned with codes. */
  frequencies: number[];
}

export interface PreprocessingFit {
  schemaVersion: typeof PREPROCESSING_FIT_SCHEMA_VERSION;
  rowCount: number;
  /** Share of reference rows with label 1. */
  labelRate: number;
  options: FitOptions;
  numeric: Record<NumericColumn, NumericColumnFit>;
  categorical: Record<CategoricalColumn, CategoricalColumnFit>;
  /** SHA-256 of the stable JSON of everything else. */
  fingerprint: string;
}

/** Bins a value with inner edges (−∞, e0], (e0, e1], …: the index of the first edge ≥ value. */
export function binIndex(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function fitNumeric(column: NumericColumn, raw: number[], options: FitOptions): NumericColumnFit {
  const sortedRaw = sortedCopy(raw);
  // The scale transform is increasing, so the transformed values are already in order: one sort suffices.
  const sorted = sortedRaw.map((x) => toFitScale(column, x));
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const tukeyFences = { lower: q1 - options.iqrK * iqr, upper: q3 + options.iqrK * iqr };
  const tail = options.tailQuantile;
  const fences =
    tail === null
      ? { ...tukeyFences }
      : {
          lower: Math.min(tukeyFences.lower, quantileSorted(sorted, tail)),
          upper: Math.max(tukeyFences.upper, quantileSorted(sorted, 1 - tail)),
        };

  const capped = sorted.map((y) => clamp(y, fences.lower, fences.upper));
  const cappedMean = mean(capped);
  const refMean = mean(sorted);

  const edges: number[] = [];
  for (let b = 1; b < options.psiBins; b++) {
    const edge = quantileSorted(sorted, b / options.psiBins);
    // Ties (e.g. the zero mass of PAY_AMT) would give empty bins: keep each distinct edge once.
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const y of sorted) counts[binIndex(edges, y)]++;

  return {
    scale: numericScaleOf(column),
    median: quantileSorted(sortedRaw, 0.5),
    q1,
    q3,
    tukeyFences,
    fences,
    scaler: { mean: cappedMean, std: populationStd(capped, cappedMean) },
    reference: {
      mean: refMean,
      std: populationStd(sorted, refMean),
      quantiles: quantileSketchSorted(sorted, options.sketchSize),
      binEdges: edges,
      binShares: counts.map((c) => c / sorted.length),
    },
  };
}

function fitCategorical(column: CategoricalColumn, values: number[]): CategoricalColumnFit {
  const codes = [...CATEGORY_CODES[column]];
  const counts = codes.map(() => 0);
  const indexOf = new Map(codes.map((code, i) => [code, i]));
  for (const v of values) {
    const i = indexOf.get(v) ?? -1;
    if (i < 0) throw new RangeError(`fitPreprocessing: ${column} has code ${v}, not in CATEGORY_CODES`);
    counts[i]++;
  }
  let best = 0;
  for (let i = 1; i < codes.length; i++) if (counts[i] > counts[best]) best = i; // strict: smallest code wins ties
  return { mode: codes[best], codes, frequencies: counts.map((c) => c / values.length) };
}

/** Fits the preprocessing on complete reference rows (the real data). Throws on empty or non-finite input. */
export function fitPreprocessing(rows: readonly CompleteRow[], options: Partial<FitOptions> = {}): PreprocessingFit {
  const opts: FitOptions = { ...DEFAULT_FIT_OPTIONS, ...options };
  if (rows.length === 0) throw new RangeError('fitPreprocessing: no rows');
  if (!(opts.iqrK >= 0)) throw new RangeError('fitPreprocessing: iqrK must be ≥ 0');
  if (opts.tailQuantile !== null && !(opts.tailQuantile >= 0 && opts.tailQuantile < 0.5)) {
    throw new RangeError('fitPreprocessing: tailQuantile must be in [0, 0.5) or null');
  }
  if (!Number.isInteger(opts.psiBins) || opts.psiBins < 2) throw new RangeError('fitPreprocessing: psiBins ≥ 2');

  const column = (c: NumericColumn | CategoricalColumn): number[] =>
    rows.map((r, i) => {
      const v = r[c];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new TypeError(`fitPreprocessing: row ${i} ${c} is ${String(v)}; the reference must be complete`);
      }
      return v;
    });

  const numeric = Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, fitNumeric(c, column(c), opts)])) as Record<
    NumericColumn,
    NumericColumnFit
  >;
  const categorical = Object.fromEntries(
    CATEGORICAL_COLUMNS.map((c) => [c, fitCategorical(c, column(c))]),
  ) as Record<CategoricalColumn, CategoricalColumnFit>;
  const positives = rows.reduce((n, r) => n + (r[LABEL_COLUMN] === 1 ? 1 : 0), 0);

  const body = {
    schemaVersion: PREPROCESSING_FIT_SCHEMA_VERSION,
    rowCount: rows.length,
    labelRate: positives / rows.length,
    options: opts,
    numeric,
    categorical,
  };
  return { ...body, fingerprint: fingerprintOfFit(body) };
}

/** Fingerprint of a fit's content (its own fingerprint field excluded). */
export function fingerprintOfFit(fit: Omit<PreprocessingFit, 'fingerprint'> & { fingerprint?: string }): string {
  const { fingerprint: _ignored, ...body } = fit;
  return contentFingerprint(body);
}

/**
 * Checks that a value loaded from storage is a fit this code can use: right schema version, every column,
 * consistent array lengths, codes matching CATEGORY_CODES, and an intact fingerprint. Throws otherwise.
 */
export function assertPreprocessingFit(value: unknown): PreprocessingFit {
  const fail = (why: string): never => {
    throw new TypeError(`invalid preprocessing fit: ${why}`);
  };
  if (value === null || typeof value !== 'object') fail('not an object');
  const fit = value as PreprocessingFit;
  if (fit.schemaVersion !== PREPROCESSING_FIT_SCHEMA_VERSION) {
    fail(`schemaVersion ${String(fit.schemaVersion)} (expected ${PREPROCESSING_FIT_SCHEMA_VERSION})`);
  }
  for (const c of NUMERIC_COLUMNS) {
    const n = fit.numeric?.[c];
    if (!n) fail(`numeric column ${c} missing`);
    if (n.reference?.quantiles?.length !== fit.options?.sketchSize) fail(`${c} quantile sketch has the wrong size`);
    if (n.reference.binShares?.length !== (n.reference.binEdges?.length ?? -1) + 1) fail(`${c} bins are inconsistent`);
  }
  for (const c of CATEGORICAL_COLUMNS) {
    const k = fit.categorical?.[c];
    if (!k) fail(`categorical column ${c} missing`);
    if (k.codes?.join() !== CATEGORY_CODES[c].join()) fail(`${c} codes differ from CATEGORY_CODES`);
    if (k.frequencies?.length !== k.codes.length) fail(`${c} frequencies are inconsistent`);
  }
  if (typeof fit.fingerprint !== 'string' || fingerprintOfFit(fit) !== fit.fingerprint) fail('fingerprint mismatch');
  return fit;
}
