// One day's batch of loan applications: a seeded, reproducible sample under a drift scenario,
// with missing cells and outliers injected. Same date + scenario name ⇒ identical batch.
import { type LabelledRow, NUMERIC_COLUMNS, type NumericColumn } from '@loan/features';
import { injectCorruption, type InjectionRecord } from './corruption';
import { type InvalidCell, injectInvalidRows } from './invalid-rows';
import { type DistributionModel, isClassConditional } from './class-conditional-copula';
import type { CopulaModel } from './gaussian-copula';
import { marginalQuantile } from './marginals';
import { applyScenario, sampleDraws, type Scenario, type ScenarioName, validateScenario } from './scenarios';
import { createRng, deriveSeed, seedFromString } from '@loan/stats';

export interface DailyBatchOptions {
  /** Calendar day, 'YYYY-MM-DD'. */
  date: string;
  /** Drift scenario (default: pickScenarioForDay(date)). */
  scenario?: Scenario;
  /** Row count is uniform in [minRows, maxRows] (defaults 800, 1300). */
  minRows?: number;
  maxRows?: number;
  /** Defaults 0.05 and 0.02; pass 0 for a clean batch. */
  missingRate?: number;
  outlierRate?: number;
  /** Share of rows given one unrepairable value (default 0): exercises quarantine. */
  invalidRate?: number;
}

export interface DailyBatch {
  date: string;
  scenario: Scenario;
  /** seedFromString(`${date}|${scenario.name}`); sub-streams derive from it. */
  seed: number;
  rows: LabelledRow[];
  injected: InjectionRecord;
  /** Rows spoilt beyond repair (index, column, value). */
  invalid: InvalidCell[];
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws unless the text is a real calendar date in YYYY-MM-DD form. */
export function assertIsoDate(date: string): void {
  const m = DATE_PATTERN.exec(date);
  const parsed = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !parsed || parsed.toISOString().slice(0, 10) !== date) throw new Error(`Expected a date as YYYY-MM-DD, got "${date}"`);
}

/**
 * Per numeric column, the model's 99.9th percentile of |value|: the scale outliers must clear
 * (for the class-conditional model, the larger of the two classes').
 */
export function copulaReferenceLevels(model: DistributionModel): Partial<Record<NumericColumn, number>> {
  const copulas: CopulaModel<string>[] = isClassConditional(model) ? model.classes : [model];
  const out: Partial<Record<NumericColumn, number>> = {};
  for (const column of NUMERIC_COLUMNS) {
    for (const copula of copulas) {
      const i = copula.columns.indexOf(column);
      if (i < 0) continue;
      const m = copula.marginals[i];
      const level = Math.max(Math.abs(marginalQuantile(m, 0.999)), Math.abs(marginalQuantile(m, 0.001)));
      out[column] = Math.max(out[column] ?? 0, level);
    }
  }
  return out;
}

/** Generates the batch for a day. Deterministic: no clock, no Math.random. */
export function generateDailyBatch(model: DistributionModel, options: DailyBatchOptions): DailyBatch {
  const { date } = options;
  assertIsoDate(date);
  const scenario = validateScenario(options.scenario ?? pickScenarioForDay(date));
  const minRows = options.minRows ?? 800;
  const maxRows = options.maxRows ?? 1300;
  if (!Number.isInteger(minRows) || !Number.isInteger(maxRows) || minRows < 0 || maxRows < minRows) {
    throw new RangeError(`Need integers 0 ≤ minRows ≤ maxRows, got ${minRows}, ${maxRows}`);
  }
  const seed = seedFromString(`${date}|${scenario.name}`);
  // Independent sub-streams: changing e.g. the corruption rates leaves the clean rows unchanged.
  const n = createRng(deriveSeed(seed, 'size')).int(minRows, maxRows);
  const draws = sampleDraws(model, n, createRng(deriveSeed(seed, 'latent')));
  const clean = applyScenario(model, draws, scenario, createRng(deriveSeed(seed, 'scenario')));
  const { rows, injected } = injectCorruption(
    clean,
    { missingRate: options.missingRate ?? 0.05, outlierRate: options.outlierRate ?? 0.02, reference: copulaReferenceLevels(model) },
    createRng(deriveSeed(seed, 'corruption')),
  );
  const spoilt = injectInvalidRows(rows, options.invalidRate ?? 0, createRng(deriveSeed(seed, 'invalid')));
  return { date, scenario, seed, rows: spoilt.rows, injected, invalid: spoilt.invalid };
}

/** Default odds of each preset scenario on a given day (concept shifts are chosen explicitly, e.g. by a calendar). */
export const DEFAULT_SCENARIO_WEIGHTS: Readonly<Partial<Record<Exclude<ScenarioName, 'custom'>, number>>> = {
  none: 0.7,
  recession: 0.15,
  credit_expansion: 0.15,
};

/** Deterministic scenario for a day (mostly 'none'), drawn with the given weights. */
export function pickScenarioForDay(
  date: string,
  weights: Readonly<Partial<Record<Exclude<ScenarioName, 'custom'>, number>>> = DEFAULT_SCENARIO_WEIGHTS,
): Scenario {
  assertIsoDate(date);
  const entries = Object.entries(weights).filter(([, w]) => w !== undefined) as [Exclude<ScenarioName, 'custom'>, number][];
  for (const [name, w] of entries) {
    if (!['none', 'recession', 'credit_expansion'].includes(name)) throw new Error(`Cannot pick scenario '${name}' by weight`);
    if (!(Number.isFinite(w) && w >= 0)) throw new Error(`Weight for '${name}' must be a finite number ≥ 0`);
  }
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (!(total > 0)) throw new Error('Scenario weights must sum to more than 0');
  let draw = createRng(`scenario-of-day|${date}`).next() * total;
  for (const [name, w] of entries) {
    if (draw < w) return { name };
    draw -= w;
  }
  // Only reached through floating-point rounding: fall back to the last scenario with weight.
  const positive = entries.filter(([, w]) => w > 0);
  return { name: positive[positive.length - 1][0] };
}
