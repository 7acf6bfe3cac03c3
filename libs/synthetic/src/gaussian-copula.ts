// Gaussian copula over the 23 features and the label: empirical marginals tied together by the
// correlation of latent normal scores. Fit once on real data; sample as many rows as needed.
import type { CompleteRow } from '@loan/features';
import { choleskyLower, nearestCorrelationMatrix, pearson, symmetricEigen, type Matrix } from './linear-algebra';
import { empiricalSteps, fitMarginal, marginalQuantile, sortedCopy, type Marginal } from './marginals';
import { MODEL_COLUMN_SPECS, type CopulaColumnSpec, type ModelColumn } from './model-columns';
import { normalCdf } from '@loan/stats';
import { buildLatentStepFunction, latentCorrelation, midCdfNormalScores } from './normal-scores';
import type { Rng } from '@loan/stats';

export const COPULA_SCHEMA_VERSION = 1 as const;

/**
 * How the latent correlation is estimated (see normal-scores.ts):
 * - 'latent' (default): from the rank-based normal scores, corrected for the attenuation that
 *   discrete columns (PAY_*, the label) cause. Preserves rank (Spearman) structure and the PAY–default
 *   link. A Gaussian copula has no tail dependence, so the Pearson correlation of heavy-tailed
 *   amounts comes out lower than real (BILL_AMT1/BILL_AMT2 ≈ 0.86 vs 0.95).
 * - 'pearson': NORTA-style — the latent ρ per pair is solved so the sampled *raw values* reproduce
 *   the real Pearson correlations. Best Pearson fidelity, but rank correlations of amounts drift
 *   far (e.g. BILL_AMT4/PAY_5 Spearman 0.65 → 0.30), since Pearson there is driven by the tails.
 * - 'scores': plain Pearson correlation of the normal scores, no correction (understates
 *   corr(PAY_0, label) by about a third).
 */
export type CorrelationMethod = 'latent' | 'scores' | 'pearson';

export interface FitCopulaOptions<C extends string = ModelColumn> {
  /** Columns to model (default: the 23 features and the label, with their schema roles). */
  columns?: readonly CopulaColumnSpec<C>[];
  /** Points in each numeric quantile table (default 1001). */
  quantilePoints?: number;
  /** Numeric columns with at most this many distinct values keep an exact value table (default 200). */
  maxDiscreteLevels?: number;
  correlation?: CorrelationMethod;
  /** Hermite series length for the attenuation correction (default 100). */
  hermiteTerms?: number;
  /** Smallest eigenvalue allowed in the latent correlation before it is repaired (default 1e-6). */
  minEigenvalue?: number;
  /** Timestamp to record (ISO string); pure code never reads the clock. */
  fittedAt?: string | null;
}

/** A fitted Gaussian copula: plain JSON, safe to store and reload. */
export interface CopulaModel<C extends string = ModelColumn> {
  schemaVersion: typeof COPULA_SCHEMA_VERSION;
  kind: 'gaussian-copula';
  /** Column order shared by marginals, cholesky rows and latent vectors. */
  columns: C[];
  marginals: Marginal[];
  /** Lower-triangular Cholesky factor L of the latent correlation, ragged: row i has i+1 entries. */
  cholesky: number[][];
  fittedRows: number;
  fittedAt: string | null;
  fit: {
    quantilePoints: number;
    maxDiscreteLevels: number;
    correlation: CorrelationMethod;
    hermiteTerms: number;
    /** Smallest eigenvalue of the estimated latent correlation before repair. */
    minEigenvalue: number;
    /** Whether the estimate had to be repaired to be positive definite. */
    repaired: boolean;
  };
}

/** Fits a Gaussian copula to complete rows (no nulls). Deterministic for the same input. */
export function fitCopula(rows: readonly CompleteRow[], options?: FitCopulaOptions<ModelColumn>): CopulaModel<ModelColumn>;
export function fitCopula<C extends string>(
  rows: readonly Readonly<Record<C, number>>[],
  options: FitCopulaOptions<C> & { columns: readonly CopulaColumnSpec<C>[] },
): CopulaModel<C>;
export function fitCopula(rows: readonly Readonly<Record<string, number>>[], options: FitCopulaOptions<string> = {}): CopulaModel<string> {
  const specs = options.columns ?? (MODEL_COLUMN_SPECS as readonly CopulaColumnSpec<string>[]);
  const quantilePoints = options.quantilePoints ?? 1001;
  const maxDiscreteLevels = options.maxDiscreteLevels ?? 200;
  const method = options.correlation ?? 'latent';
  const hermiteTerms = options.hermiteTerms ?? 100;
  const n = rows.length;
  if (n < 2) throw new Error(`fitCopula needs at least 2 rows, got ${n}`);
  if (specs.length === 0) throw new Error('fitCopula needs at least one column');

  const marginals: Marginal[] = [];
  const scoreColumns: Float64Array[] = [];
  const stepFunctions = specs.map((spec) => {
    const raw = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const v = rows[r][spec.name];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`fitCopula needs complete rows: row ${r} has ${spec.name} = ${String(v)}`);
      }
      raw[r] = v;
    }
    const sorted = sortedCopy(raw);
    marginals.push(fitMarginal(spec.name, spec.role, sorted, { quantilePoints, maxDiscreteLevels }));
    const steps = empiricalSteps(sorted);
    const levels = method === 'pearson' ? steps.values : midCdfNormalScores(steps);
    const fn = buildLatentStepFunction(steps, levels, method === 'scores' ? 0 : hermiteTerms);
    scoreColumns.push(raw.map((v) => fn.levelOf.get(v) as number));
    return fn;
  });

  const d = specs.length;
  const estimate: Matrix = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const observed = pearson(scoreColumns[i], scoreColumns[j]);
      const rho = method === 'scores' ? observed : latentCorrelation(stepFunctions[i], stepFunctions[j], observed);
      estimate[i][j] = rho;
      estimate[j][i] = rho;
    }
  }
  const minEigenvalue = options.minEigenvalue ?? 1e-6;
  const smallest = Math.min(...symmetricEigen(estimate).values);
  const correlation = smallest < minEigenvalue ? nearestCorrelationMatrix(estimate, minEigenvalue) : estimate;

  return {
    schemaVersion: COPULA_SCHEMA_VERSION,
    kind: 'gaussian-copula',
    columns: specs.map((s) => s.name),
    marginals,
    cholesky: choleskyLower(correlation),
    fittedRows: n,
    fittedAt: options.fittedAt ?? null,
    fit: { quantilePoints, maxDiscreteLevels, correlation: method, hermiteTerms, minEigenvalue: smallest, repaired: correlation !== estimate },
  };
}

/** Draws n latent vectors z = L·ε, ε ~ N(0, I), in the model's column order. */
export function sampleLatent(model: CopulaModel<string>, n: number, rng: Rng): Float64Array[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Sample size must be a non-negative integer, got ${n}`);
  const l = model.cholesky;
  const d = l.length;
  const out: Float64Array[] = [];
  const eps = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) eps[j] = rng.normal();
    const z = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const li = l[i];
      let sum = 0;
      for (let k = 0; k < li.length; k++) sum += li[k] * eps[k];
      z[i] = sum;
    }
    out.push(z);
  }
  return out;
}

/** Maps latent vectors to rows: u = Φ(z), then each column's inverse marginal. */
export function latentToRows(model: CopulaModel<ModelColumn>, latent: readonly Float64Array[]): CompleteRow[];
export function latentToRows<C extends string>(model: CopulaModel<C>, latent: readonly Float64Array[]): Record<C, number>[];
export function latentToRows(model: CopulaModel<string>, latent: readonly Float64Array[]): Record<string, number>[] {
  return latent.map((z) => {
    const row: Record<string, number> = {};
    for (let i = 0; i < model.columns.length; i++) row[model.columns[i]] = marginalQuantile(model.marginals[i], normalCdf(z[i]));
    return row;
  });
}

/** Samples n rows from the copula. */
export function sampleCopula(model: CopulaModel<ModelColumn>, n: number, rng: Rng): CompleteRow[];
export function sampleCopula<C extends string>(model: CopulaModel<C>, n: number, rng: Rng): Record<C, number>[];
export function sampleCopula(model: CopulaModel<string>, n: number, rng: Rng): Record<string, number>[] {
  return latentToRows(model, sampleLatent(model, n, rng));
}
