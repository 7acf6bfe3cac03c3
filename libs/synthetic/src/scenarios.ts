// Drift scenarios, applied at sampling time so each day's batch can drift from the fitted data.
//
// Every scenario reduces to a plan: a logit shift of the default prior, per-class latent shifts and
// scales (class 0 and class 1 may move differently), and value-space steps. Latent shifts move a
// column's normal score before the marginal is inverted, so values stay within the observed support
// and correlated columns stay coherent; shifts that must leave the observed range (LIMIT_BAL ×1.3–1.6
// in a credit expansion, custom value shifts) are made in value space, then rounded and clamped to the
// schema's codes and bounds.
//
// Covariate shifts (recession, credit_expansion) move features for both classes alike: a model's
// P(default | x) stays right. Concept shifts (recession_concept, new_segment) move a class's features
// one way and the other class's another way, so the relation between features and default changes
// and a model trained on calm days loses ranking power until it is retrained.
//
// severity (≥ 0, default 1) scales every shift: latent and value shifts and the prior's logit shift
// by severity, scales by scale^severity, the credit-expansion factor by 1 + severity·(factor − 1).
// Severity 0 is no drift.
import { CATEGORY_CODES, type CompleteRow, FEATURE_COLUMNS, type FeatureColumn, LABEL_COLUMN, NUMERIC_BOUNDS } from '@loan/features';
import { type ClassConditionalCopulaModel, type DistributionModel, isClassConditional, sampleClassDraws } from './class-conditional-copula';
import { type CopulaModel, sampleLatent } from './gaussian-copula';
import { lowerTimesTranspose } from './linear-algebra';
import { marginalQuantile } from './marginals';
import { isModelColumn, isNumericColumn, MODEL_COLUMNS, type ModelColumn } from './model-columns';
import { normalCdf, normalQuantile } from '@loan/stats';
import type { Rng } from '@loan/stats';

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { exp, log, max, min, pow, round } = Math;

export const SCENARIO_NAMES = ['none', 'recession', 'credit_expansion', 'recession_concept', 'new_segment', 'custom'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/**
 * One column shift: value' = value·scale + shift. In 'value' space (default) the result is rounded
 * and clamped to the column's valid codes/bounds; in 'latent' space it moves the column's latent
 * normal (shift in standard deviations), and the value stays within the observed support.
 * With `label` it applies only to rows of that class (a concept shift). On the label column itself
 * only a latent `shift` is allowed: a probit shift of the default prior (P' = 1 − Φ(Φ⁻¹(1 − P) − shift)).
 */
export interface ColumnShift {
  column: string;
  shift?: number;
  scale?: number;
  space?: 'value' | 'latent';
  label?: 0 | 1;
}

export interface Scenario {
  name: ScenarioName;
  /** Scales the scenario's shifts (≥ 0, default 1; 0 = no drift). */
  severity?: number;
  /** Only for 'custom': column shifts (non-empty unless priorLogitShift is given). */
  shifts?: ColumnShift[];
  /** Only for 'custom': added to logit P(default) (0.5 takes 22% to about 32%). */
  priorLogitShift?: number;
}

const PAY_STATUS = ['PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6'] as const;
const PAY_AMOUNTS = ['PAY_AMT1', 'PAY_AMT2', 'PAY_AMT3', 'PAY_AMT4', 'PAY_AMT5', 'PAY_AMT6'] as const;
const latent = (columns: readonly string[], shift: number, label?: 0 | 1): ColumnShift[] =>
  columns.map((column) => (label === undefined ? { column, shift, space: 'latent' } : { column, shift, space: 'latent', label }));

/** What each preset does at severity 1, as prior shift + column shifts (the credit expansion's limit factor is a value step). */
export const SCENARIO_PRESETS = {
  recession: {
    /** Default rate 22% → about 32%. */
    priorLogitShift: 0.53,
    /** More payment delays and smaller repayments for everyone (a covariate shift). */
    shifts: [...latent(PAY_STATUS, 0.25), ...latent(PAY_AMOUNTS, -0.25)],
  },
  credit_expansion: {
    priorLogitShift: 0,
    /** ≈ 4 years younger on average, never below minAge. */
    shifts: [{ column: 'AGE', shift: -0.5, space: 'latent' }] as ColumnShift[],
    /** LIMIT_BAL multiplied per row by a factor uniform in this range, rounded to 1,000. */
    limitScale: [1.3, 1.6] as const,
    minAge: 21,
  },
  recession_concept: {
    /** Default rate up: 22% → about 30%. */
    priorLogitShift: 0.4,
    shifts: [
      // Customers with high limits and large past repayments, previously safe, now default.
      { column: 'LIMIT_BAL', shift: 1.0, space: 'latent', label: 1 },
      ...latent(PAY_AMOUNTS, 0.7, 1),
      { column: 'LIMIT_BAL', shift: -0.2, space: 'latent', label: 0 },
      ...latent(PAY_AMOUNTS, -0.2, 0),
      // Payment delays weigh more: defaulters are later, payers more punctual.
      ...latent(PAY_STATUS, 0.3, 1),
      ...latent(PAY_STATUS, -0.15, 0),
    ] as ColumnShift[],
  },
  new_segment: {
    /** Default rate up slightly: 22% → about 26%. */
    priorLogitShift: 0.2,
    shifts: [
      // A young, less-educated segment grows (EDUCATION: higher codes = less schooling) ...
      { column: 'AGE', shift: -0.3, space: 'latent' },
      { column: 'EDUCATION', shift: 0.3, space: 'latent' },
      // ... and its defaulters are the young and less educated, with no delay history and high bills,
      { column: 'AGE', shift: -0.6, space: 'latent', label: 1 },
      { column: 'EDUCATION', shift: 0.5, space: 'latent', label: 1 },
      ...latent(PAY_STATUS, -0.8, 1),
      // while its payers now revolve: delays without default.
      ...latent(PAY_STATUS, 0.3, 0),
    ] as ColumnShift[],
  },
} as const;

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Validates an untrusted scenario object; returns a clean copy or throws an Error naming the bad field. */
export function validateScenario(input: unknown): Scenario {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('Scenario must be an object');
  const { name, shifts, severity, priorLogitShift } = input as Record<string, unknown>;
  if (typeof name !== 'string' || !(SCENARIO_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown scenario name ${JSON.stringify(name)}; expected one of ${SCENARIO_NAMES.join(', ')}`);
  }
  if (severity !== undefined && !(isFiniteNumber(severity) && severity >= 0)) throw new Error('severity must be a finite number ≥ 0');
  const out: Scenario = { name: name as ScenarioName };
  if (severity !== undefined) out.severity = severity as number;
  if (name !== 'custom') {
    if (shifts !== undefined) throw new Error(`Scenario '${name}' takes no shifts; use name 'custom'`);
    if (priorLogitShift !== undefined) throw new Error(`Scenario '${name}' takes no priorLogitShift; use name 'custom'`);
    return out;
  }
  if (priorLogitShift !== undefined && !isFiniteNumber(priorLogitShift)) throw new Error('priorLogitShift must be a finite number');
  if (shifts !== undefined && !Array.isArray(shifts)) throw new Error('shifts must be an array');
  if ((shifts === undefined || shifts.length === 0) && priorLogitShift === undefined) {
    throw new Error("Scenario 'custom' needs a non-empty shifts array or a priorLogitShift");
  }
  out.shifts = ((shifts as unknown[] | undefined) ?? []).map((s, i) => validateShift(s, i));
  if (priorLogitShift !== undefined) out.priorLogitShift = priorLogitShift as number;
  return out;
}

function validateShift(input: unknown, index: number): ColumnShift {
  const where = `shifts[${index}]`;
  if (typeof input !== 'object' || input === null) throw new Error(`${where} must be an object`);
  const { column, shift, scale, space, label } = input as Record<string, unknown>;
  if (typeof column !== 'string' || !isModelColumn(column)) {
    throw new Error(`${where}.column: unknown column ${JSON.stringify(column)}; expected one of ${MODEL_COLUMNS.join(', ')}`);
  }
  if (shift !== undefined && !isFiniteNumber(shift)) throw new Error(`${where}.shift must be a finite number`);
  if (scale !== undefined && !(isFiniteNumber(scale) && scale > 0)) throw new Error(`${where}.scale must be a finite number > 0`);
  if (shift === undefined && scale === undefined) throw new Error(`${where}: give shift and/or scale`);
  if (space !== undefined && space !== 'value' && space !== 'latent') throw new Error(`${where}.space must be 'value' or 'latent'`);
  if (label !== undefined && label !== 0 && label !== 1) throw new Error(`${where}.label must be 0 or 1`);
  if (column === LABEL_COLUMN) {
    if (space !== 'latent') throw new Error(`${where}: the label can only be shifted in latent space`);
    if (scale !== undefined || label !== undefined) throw new Error(`${where}: the label takes only a latent shift (a probit shift of the prior)`);
  }
  const out: ColumnShift = { column };
  if (shift !== undefined) out.shift = shift as number;
  if (scale !== undefined) out.scale = scale as number;
  if (space !== undefined) out.space = space as 'value' | 'latent';
  if (label !== undefined) out.label = label as 0 | 1;
  return out;
}

/** Rounds and clamps a value to what the schema accepts for its column. */
export function clampToSchema(column: ModelColumn, value: number): number {
  const v = round(value);
  if (column === LABEL_COLUMN) return v >= 1 ? 1 : 0;
  if (isNumericColumn(column)) return min(NUMERIC_BOUNDS[column].max, max(NUMERIC_BOUNDS[column].min, v));
  const codes = CATEGORY_CODES[column];
  return min(codes[codes.length - 1], max(codes[0], v));
}

/** A scenario at its severity, model-independent: what applyScenario executes. */
export interface ScenarioPlan {
  /** Added to logit P(default). */
  priorLogitShift: number;
  /** Added to Φ⁻¹(1 − P(default)) before the logit shift (custom label shifts). */
  priorProbitShift: number;
  /** Per class (index = label), per feature (FEATURE_COLUMNS order): z' = z·scale + shift. */
  latentScale: [Float64Array, Float64Array];
  latentShift: [Float64Array, Float64Array];
  /** Value-space steps, applied in order after the marginals are inverted. */
  valueSteps: ((row: CompleteRow, rng: Rng) => void)[];
}

const FEATURE_INDEX = new Map<string, number>(FEATURE_COLUMNS.map((c, i) => [c, i]));

/** Resolves a scenario (validated here) into its plan at its severity. */
export function planScenario(input: Scenario): ScenarioPlan {
  const scenario = validateScenario(input);
  const s = scenario.severity ?? 1;
  const d = FEATURE_COLUMNS.length;
  const plan: ScenarioPlan = {
    priorLogitShift: 0,
    priorProbitShift: 0,
    latentScale: [new Float64Array(d).fill(1), new Float64Array(d).fill(1)],
    latentShift: [new Float64Array(d), new Float64Array(d)],
    valueSteps: [],
  };
  if (scenario.name === 'none' || s === 0) return plan;
  const addShift = (c: ColumnShift) => {
    const scale = pow(c.scale ?? 1, s);
    const shift = (c.shift ?? 0) * s;
    if (c.column === LABEL_COLUMN) {
      plan.priorProbitShift += shift;
      return;
    }
    const column = c.column as FeatureColumn;
    if (c.space === 'latent') {
      const i = FEATURE_INDEX.get(column) as number;
      for (const y of c.label === undefined ? [0, 1] : [c.label]) {
        // Compose with earlier shifts of the same column: z' = (z·a + b)·scale + shift.
        plan.latentScale[y][i] *= scale;
        plan.latentShift[y][i] = plan.latentShift[y][i] * scale + shift;
      }
    } else {
      plan.valueSteps.push((row) => {
        if (c.label === undefined || row[LABEL_COLUMN] === c.label) row[column] = clampToSchema(column, row[column] * scale + shift);
      });
    }
  };
  if (scenario.name === 'custom') {
    plan.priorLogitShift = (scenario.priorLogitShift ?? 0) * s;
    for (const c of scenario.shifts ?? []) addShift(c);
    return plan;
  }
  const preset = SCENARIO_PRESETS[scenario.name];
  plan.priorLogitShift = preset.priorLogitShift * s;
  for (const c of preset.shifts) addShift(c);
  if (scenario.name === 'credit_expansion') {
    const p = SCENARIO_PRESETS.credit_expansion;
    plan.valueSteps.push((row, rng) => {
      const factor = 1 + s * (rng.uniform(p.limitScale[0], p.limitScale[1]) - 1);
      row.LIMIT_BAL = clampToSchema('LIMIT_BAL', round((row.LIMIT_BAL * factor) / 1000) * 1000);
      row.AGE = max(p.minAge, row.AGE);
    });
  }
  return plan;
}

/** P(default) after a plan's prior shifts. */
export function shiftedPrior(prior: number, plan: Pick<ScenarioPlan, 'priorLogitShift' | 'priorProbitShift'>): number {
  let p = prior;
  if (plan.priorProbitShift !== 0) p = 1 - normalCdf(normalQuantile(1 - p) - plan.priorProbitShift);
  if (plan.priorLogitShift !== 0 && p > 0 && p < 1) p = 1 / (1 + exp(-(log(p / (1 - p)) + plan.priorLogitShift)));
  return p;
}

/**
 * A row from feature values in FEATURE_COLUMNS order. An object literal gives every row one hidden
 * class; building rows key by key from {} cost about as much as the sampling itself.
 */
function featureRow(v: Float64Array, y: 0 | 1): CompleteRow {
  return {
    LIMIT_BAL: v[0], SEX: v[1], EDUCATION: v[2], MARRIAGE: v[3], AGE: v[4],
    PAY_0: v[5], PAY_2: v[6], PAY_3: v[7], PAY_4: v[8], PAY_5: v[9], PAY_6: v[10],
    BILL_AMT1: v[11], BILL_AMT2: v[12], BILL_AMT3: v[13], BILL_AMT4: v[14], BILL_AMT5: v[15], BILL_AMT6: v[16],
    PAY_AMT1: v[17], PAY_AMT2: v[18], PAY_AMT3: v[19], PAY_AMT4: v[20], PAY_AMT5: v[21], PAY_AMT6: v[22],
    [LABEL_COLUMN]: y,
  };
}

function classRows(model: ClassConditionalCopulaModel, draws: readonly Float64Array[], plan: ScenarioPlan): CompleteRow[] {
  const prior = shiftedPrior(model.prior, plan);
  const d = model.columns.length;
  if (model.columns.some((c, i) => c !== FEATURE_COLUMNS[i])) throw new Error('The class-conditional model must use FEATURE_COLUMNS order');
  const values = new Float64Array(d);
  const out: CompleteRow[] = new Array(draws.length);
  for (let r = 0; r < draws.length; r++) {
    const draw = draws[r];
    if (draw.length !== d + 1) throw new RangeError(`A class-conditional draw has ${d + 1} entries, got ${draw.length}`);
    const y = draw[0] < prior ? 1 : 0;
    const copula = model.classes[y];
    const l = copula.cholesky;
    const scale = plan.latentScale[y];
    const shift = plan.latentShift[y];
    for (let i = 0; i < d; i++) {
      const li = l[i];
      let z = 0;
      for (let k = 0; k < li.length; k++) z += li[k] * draw[k + 1];
      values[i] = marginalQuantile(copula.marginals[i], normalCdf(z * scale[i] + shift[i]));
    }
    out[r] = featureRow(values, y);
  }
  return out;
}

/** Legacy joint copula (features + label): the prior shift moves the label latent and, through the
 * correlation, every column with it (the conditional mean given a raised label latent). */
function jointRows(model: CopulaModel, latentDraws: readonly Float64Array[], plan: ScenarioPlan): CompleteRow[] {
  const d = model.columns.length;
  const labelAt = model.columns.indexOf(LABEL_COLUMN);
  if (labelAt < 0) throw new Error('The copula model has no label column');
  const labelMarginal = model.marginals[labelAt];
  const prior = labelMarginal.kind === 'discrete' ? 1 - labelMarginal.cdf[0] : 0;
  const along = new Float64Array(d);
  if (plan.priorLogitShift !== 0 || plan.priorProbitShift !== 0) {
    const threshold = normalQuantile(1 - prior);
    const delta = threshold - normalQuantile(1 - shiftedPrior(prior, plan));
    const correlation = lowerTimesTranspose(model.cholesky);
    for (let i = 0; i < d; i++) along[i] = delta * correlation[i][labelAt];
  }
  const featureAt = model.columns.map((c) => FEATURE_INDEX.get(c) ?? -1);
  return latentDraws.map((z0) => {
    if (z0.length !== d) throw new RangeError(`A latent draw has ${d} entries, got ${z0.length}`);
    const y = marginalQuantile(labelMarginal, normalCdf(z0[labelAt] + along[labelAt])) >= 1 ? 1 : 0;
    const row = {} as Record<string, number>;
    for (let i = 0; i < d; i++) {
      const f = featureAt[i];
      const z = z0[i] + along[i];
      row[model.columns[i]] = i === labelAt ? y : marginalQuantile(model.marginals[i], normalCdf(f < 0 ? z : z * plan.latentScale[y][f] + plan.latentShift[y][f]));
    }
    return row as unknown as CompleteRow;
  });
}

/**
 * Raw randomness for n rows of a model: class-conditional draws [u, ε…] or, for the legacy joint
 * copula, its latent vectors. Feed them to applyScenario; the same draws under different scenarios
 * give paired samples, so their differences are the drift alone.
 */
export function sampleDraws(model: DistributionModel, n: number, rng: Rng): Float64Array[] {
  return isClassConditional(model) ? sampleClassDraws(model, n, rng) : sampleLatent(model, n, rng);
}

/** Turns draws (from sampleDraws) into rows under a scenario. The rng is used only by value-space steps. */
export function applyScenario(model: DistributionModel, draws: readonly Float64Array[], scenario: Scenario, rng: Rng): CompleteRow[] {
  const plan = planScenario(scenario);
  const rows = isClassConditional(model) ? classRows(model, draws, plan) : jointRows(model, draws, plan);
  if (plan.valueSteps.length > 0) for (const row of rows) for (const step of plan.valueSteps) step(row, rng);
  return rows;
}

/** Samples n rows under a scenario: sampleDraws, then applyScenario on the same rng. */
export function sampleScenario(model: DistributionModel, n: number, scenario: Scenario, rng: Rng): CompleteRow[] {
  return applyScenario(model, sampleDraws(model, n, rng), scenario, rng);
}

/** n no-drift rows from either model. */
export function sampleDistribution(model: DistributionModel, n: number, rng: Rng): CompleteRow[] {
  return sampleScenario(model, n, { name: 'none' }, rng);
}
