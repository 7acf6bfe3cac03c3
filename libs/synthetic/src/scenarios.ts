// Drift scenarios, applied at sampling time so each day's batch can drift from the fitted data.
//
// Where a shift should keep the joint structure coherent it is made in latent (normal) space,
// before the marginals are inverted: values stay within the observed support and correlated
// columns move together. Recession shifts the latent vector by δ·Σ[:, label] — the conditional
// mean given a label latent raised by δ — so the default rate rises and PAY_* rise, PAY_AMT and
// LIMIT_BAL fall in proportion to their correlation with default; on top of that PAY_* get an
// extra upward and PAY_AMT an extra downward latent push, which moves the share of rows near a
// category or quantile boundary across it. Shifts that must leave the observed range (LIMIT_BAL
// ×1.3–1.6 in a credit expansion, custom value shifts) are made in value space, then rounded
// and clamped to the schema's codes and bounds.
import { CATEGORY_CODES, type CompleteRow, LABEL_COLUMN, NUMERIC_BOUNDS } from '@loan/features';
import type { CopulaModel } from './gaussian-copula';
import { latentToRows, sampleLatent } from './gaussian-copula';
import { lowerTimesTranspose } from './linear-algebra';
import { isModelColumn, isNumericColumn, MODEL_COLUMNS, type ModelColumn } from './model-columns';
import type { Rng } from './seeded-random';

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { max, min, round } = Math;

export const SCENARIO_NAMES = ['none', 'recession', 'credit_expansion', 'custom'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/**
 * One column shift: value' = value·scale + shift. In 'value' space (default) the result is rounded
 * and clamped to the column's valid codes/bounds; in 'latent' space it moves the column's latent
 * normal (shift in standard deviations), and the value stays within the observed support.
 * The label can only be shifted in latent space.
 */
export interface ColumnShift {
  column: string;
  shift?: number;
  scale?: number;
  space?: 'value' | 'latent';
}

export interface Scenario {
  name: ScenarioName;
  /** Only for 'custom' (required there, non-empty). */
  shifts?: ColumnShift[];
}

/** Tuning of the preset scenarios (latent shifts in standard deviations). */
export const SCENARIO_PRESETS = {
  recession: {
    /** Label latent shift along its correlation column: default rate 22% → about 32%. */
    labelShift: 0.32,
    /** Extra latent push on PAY_0..PAY_6 (more payment delays). */
    payStatusShift: 0.25,
    /** Extra latent push on PAY_AMT1..6 (smaller repayments). */
    payAmountShift: -0.25,
  },
  credit_expansion: {
    /** LIMIT_BAL multiplied per row by a factor uniform in this range, rounded to 1,000. */
    limitScale: [1.3, 1.6] as const,
    /** AGE latent shift (≈ 4 years younger on average), never below minAge. */
    ageShift: -0.5,
    minAge: 21,
  },
} as const;

const PAY_STATUS = ['PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6'] as const;
const PAY_AMOUNTS = ['PAY_AMT1', 'PAY_AMT2', 'PAY_AMT3', 'PAY_AMT4', 'PAY_AMT5', 'PAY_AMT6'] as const;

/** Validates an untrusted scenario object; returns a clean copy or throws a descriptive Error. */
export function validateScenario(input: unknown): Scenario {
  if (typeof input !== 'object' || input === null) throw new Error('Scenario must be an object');
  const { name, shifts } = input as { name?: unknown; shifts?: unknown };
  if (typeof name !== 'string' || !(SCENARIO_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown scenario name ${JSON.stringify(name)}; expected one of ${SCENARIO_NAMES.join(', ')}`);
  }
  if (name !== 'custom') {
    if (shifts !== undefined) throw new Error(`Scenario '${name}' takes no shifts; use name 'custom'`);
    return { name: name as ScenarioName };
  }
  if (!Array.isArray(shifts) || shifts.length === 0) throw new Error("Scenario 'custom' needs a non-empty shifts array");
  return { name: 'custom', shifts: shifts.map((s, i) => validateShift(s, i)) };
}

function validateShift(input: unknown, index: number): ColumnShift {
  const where = `shifts[${index}]`;
  if (typeof input !== 'object' || input === null) throw new Error(`${where} must be an object`);
  const { column, shift, scale, space } = input as Record<string, unknown>;
  if (typeof column !== 'string' || !isModelColumn(column)) {
    throw new Error(`${where}: unknown column ${JSON.stringify(column)}; expected one of ${MODEL_COLUMNS.join(', ')}`);
  }
  if (shift !== undefined && (typeof shift !== 'number' || !Number.isFinite(shift))) throw new Error(`${where}: shift must be a finite number`);
  if (scale !== undefined && (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0)) {
    throw new Error(`${where}: scale must be a finite number > 0`);
  }
  if (shift === undefined && scale === undefined) throw new Error(`${where}: give shift and/or scale`);
  if (space !== undefined && space !== 'value' && space !== 'latent') throw new Error(`${where}: space must be 'value' or 'latent'`);
  if (column === LABEL_COLUMN && space !== 'latent') throw new Error(`${where}: the label can only be shifted in latent space`);
  const out: ColumnShift = { column };
  if (shift !== undefined) out.shift = shift as number;
  if (scale !== undefined) out.scale = scale as number;
  if (space !== undefined) out.space = space as 'value' | 'latent';
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

/** Latent additions (by column index) and value-space steps a scenario implies for a model. */
interface ScenarioPlan {
  latentScale: Float64Array;
  latentShift: Float64Array;
  valueSteps: ((row: CompleteRow, rng: Rng) => void)[];
}

function planScenario(model: CopulaModel, scenario: Scenario): ScenarioPlan {
  const d = model.columns.length;
  const plan: ScenarioPlan = { latentScale: new Float64Array(d).fill(1), latentShift: new Float64Array(d), valueSteps: [] };
  const indexOf = (column: string): number => {
    const i = model.columns.indexOf(column as ModelColumn);
    if (i < 0) throw new Error(`Scenario '${scenario.name}' needs column ${column}, which the model lacks`);
    return i;
  };
  switch (scenario.name) {
    case 'none':
      break;
    case 'recession': {
      const p = SCENARIO_PRESETS.recession;
      const label = indexOf(LABEL_COLUMN);
      const correlation = lowerTimesTranspose(model.cholesky);
      for (let i = 0; i < d; i++) plan.latentShift[i] += p.labelShift * correlation[i][label];
      for (const c of PAY_STATUS) plan.latentShift[indexOf(c)] += p.payStatusShift;
      for (const c of PAY_AMOUNTS) plan.latentShift[indexOf(c)] += p.payAmountShift;
      break;
    }
    case 'credit_expansion': {
      const p = SCENARIO_PRESETS.credit_expansion;
      plan.latentShift[indexOf('AGE')] += p.ageShift;
      indexOf('LIMIT_BAL');
      plan.valueSteps.push((row, rng) => {
        const factor = rng.uniform(p.limitScale[0], p.limitScale[1]);
        row.LIMIT_BAL = clampToSchema('LIMIT_BAL', round((row.LIMIT_BAL * factor) / 1000) * 1000);
        row.AGE = max(p.minAge, row.AGE);
      });
      break;
    }
    case 'custom': {
      for (const s of validateScenario(scenario).shifts ?? []) {
        const i = indexOf(s.column);
        const scale = s.scale ?? 1;
        const shift = s.shift ?? 0;
        if (s.space === 'latent') {
          // Compose with earlier latent shifts of the same column: z' = (z·a + b)·scale + shift.
          plan.latentScale[i] *= scale;
          plan.latentShift[i] = plan.latentShift[i] * scale + shift;
        } else {
          const column = s.column as ModelColumn;
          plan.valueSteps.push((row) => {
            const r = row as unknown as Record<ModelColumn, number>;
            r[column] = clampToSchema(column, r[column] * scale + shift);
          });
        }
      }
      break;
    }
  }
  return plan;
}

/**
 * Turns latent draws (from sampleLatent) into rows under a scenario. Using the same latent draws
 * for different scenarios gives paired samples, so their differences are the drift alone.
 * The rng is used only by value-space steps (e.g. the per-row credit-expansion factor).
 */
export function applyScenario(model: CopulaModel, latent: readonly Float64Array[], scenario: Scenario, rng: Rng): CompleteRow[] {
  const plan = planScenario(model, validateScenario(scenario));
  const shifted = latent.map((z) => z.map((v, i) => v * plan.latentScale[i] + plan.latentShift[i]));
  const rows = latentToRows(model, shifted);
  if (plan.valueSteps.length > 0) for (const row of rows) for (const step of plan.valueSteps) step(row, rng);
  return rows;
}

/** Samples n rows under a scenario: sampleLatent, then applyScenario on the same rng. */
export function sampleScenario(model: CopulaModel, n: number, scenario: Scenario, rng: Rng): CompleteRow[] {
  return applyScenario(model, sampleLatent(model, n, rng), scenario, rng);
}
