// When a day's evaluation calls for fine-tuning. F1 on ~500 rows moves by several points by chance and
// rises with the base rate (a recession lifts it), so it cannot tell noise from decay. ROC-AUC does not
// depend on the base rate and DeLong gives its error, so the rule is a one-sided z-test:
//   z = (expected − margin − auc_day) / sqrt(se_day² + se_expected²),  retrain when z > z_(1−α).
// `expected` is what the version scored on unseen rows of the distribution it was trained for
// (version metrics `expectedRocAuc` / `expectedRocAucSe`); the margin absorbs the synthetic world's
// realism gap (its days are a copula of the real data, a little easier or harder than the real rows).
import { daysBetween } from './attempt-ladder';
import type { CalibrationTest } from './calibration-trigger';
import { aucWithError } from '@loan/stats';
import type { Labels, Scores } from './metrics';
import { normalQuantile } from '@loan/stats';

/** Share of defaults in the real data (6,636 of 30,000): the prior for an SE when a version stored no counts. */
export const REFERENCE_POSITIVE_RATE = 0.2212;

export const DECAY_DEFAULTS = { alpha: 0.01, margin: 0.02 } as const;

export type ExpectedAucSource = 'expectedRocAuc' | 'holdoutRocAuc' | 'rocAuc';

/** The AUC a version is expected to reach on its own distribution, with the error of that figure. */
export interface ExpectedAuc {
  auc: number;
  se: number;
  source: ExpectedAucSource;
}

/**
 * Hanley & McNeil (1982) standard error of an AUC from the class counts alone (no scores): the
 * fallback for versions that stored an AUC but not its DeLong SE.
 */
export function hanleyMcNeilSe(auc: number, positives: number, negatives: number): number {
  if (!(positives > 0 && negatives > 0)) throw new RangeError('hanleyMcNeilSe needs both classes');
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives);
  return Math.sqrt(Math.max(0, variance));
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Reads a version's expected AUC from its metrics: `expectedRocAuc` + `expectedRocAucSe` when present;
 * else `holdoutRocAuc` (bootstrap's hold-out), then `rocAuc` (validation / judge rows), with a
 * Hanley–McNeil SE from the rows it was measured on (`holdoutRows`, `count` or `rows`, and `positives`
 * or the reference default rate). null when the version stored no AUC at all.
 */
export function expectedAucOf(metrics: Readonly<Record<string, number | undefined>>): ExpectedAuc | null {
  if (finite(metrics['expectedRocAuc']) && finite(metrics['expectedRocAucSe'])) {
    return { auc: metrics['expectedRocAuc'], se: metrics['expectedRocAucSe'], source: 'expectedRocAuc' };
  }
  const source: ExpectedAucSource | undefined = finite(metrics['holdoutRocAuc'])
    ? 'holdoutRocAuc'
    : finite(metrics['rocAuc'])
      ? 'rocAuc'
      : undefined;
  if (!source) return null;
  const auc = metrics[source] as number;
  const rowsKey = source === 'holdoutRocAuc' ? 'holdoutRows' : 'count';
  const rows = [metrics[rowsKey], metrics['count'], metrics['rows']].find((r) => finite(r) && r >= 2) as number | undefined;
  // No row count at all: the figure's error is unknown; count it as measured on one 500-row day.
  const n = rows ?? 500;
  const positives = source === 'rocAuc' && finite(metrics['positives']) && metrics['positives'] > 0 ? metrics['positives'] : Math.max(1, Math.round(n * REFERENCE_POSITIVE_RATE));
  return { auc, se: hanleyMcNeilSe(auc, positives, Math.max(1, n - positives)), source };
}

export interface DecayTestOptions {
  /** One-sided false-alarm rate of the test. */
  alpha: number;
  /** AUC drop tolerated before a day counts as decayed (the realism gap). */
  margin: number;
}

/** The test's inputs and outcome, as stored on the evaluation event. */
export interface DecayTest {
  statistic: 'roc_auc';
  /** The day's AUC and its DeLong SE. */
  value: number;
  se: number;
  expected: number;
  expectedSe: number;
  expectedSource: ExpectedAucSource;
  margin: number;
  alpha: number;
  z: number;
  /** z_(1−α): retrain when z exceeds it. */
  critical: number;
  /** One-sided (1 − α) upper bound of the day's AUC: auc + z_(1−α)·se. */
  bound: number;
  n: number;
  positives: number;
  decayed: boolean;
}

/** The z-test of the day's AUC against the version's expected AUC minus the margin. */
export function testAucDecay(labels: Labels, scores: Scores, expected: ExpectedAuc, options: DecayTestOptions): DecayTest {
  if (!(options.alpha > 0 && options.alpha < 0.5)) throw new RangeError('alpha must be in (0, 0.5)');
  if (!(options.margin >= 0 && options.margin < 1)) throw new RangeError('margin must be in [0, 1)');
  const day = aucWithError(labels, scores);
  const critical = normalQuantile(1 - options.alpha);
  const se = Math.sqrt(day.se * day.se + expected.se * expected.se);
  const gap = expected.auc - options.margin - day.auc;
  // Both SEs 0 (a perfect day against a perfect expectation): any gap is certain.
  const z = se > 0 ? gap / se : gap > 0 ? Infinity : gap < 0 ? -Infinity : 0;
  return {
    statistic: 'roc_auc',
    value: day.auc,
    se: day.se,
    expected: expected.auc,
    expectedSe: expected.se,
    expectedSource: expected.source,
    margin: options.margin,
    alpha: options.alpha,
    z,
    critical,
    bound: Math.min(1, day.auc + critical * day.se),
    n: day.positives + day.negatives,
    positives: day.positives,
    decayed: z > critical,
  };
}

/**
 * Why a day retrains: the decay test, the calibration test (calibration-trigger.ts), the operator/test
 * override F1_THRESHOLD (F1 below it), or 'adapt': no decay, but the champion, healed on the first days of
 * a shift, has seen only part of it (shouldAdapt).
 */
export type RetrainTrigger = 'decay' | 'calibration' | 'f1_override' | 'adapt';

export interface AdaptEvidence {
  today: string;
  /** Days the champion was fine-tuned on (none for a model trained on the reference data). */
  championTrainingDays: readonly string[];
  /** FINE_TUNE_WINDOW_DAYS: the most days a fine-tune trains on. */
  windowDays: number;
}

/**
 * A champion healed on the first day(s) of a shift passes the decay test against its own expectation
 * (measured on those days), so the loop would stop at partial recovery while the window of new-regime
 * days grows. So a recent fine-tune that saw fewer days than a full window gets one challenger a day
 * (it serves only if it beats the champion on unseen rows and passes the promotion rule) until its window
 * is full. A champion trained on the reference data never adapts: calm days add no retrain. The drift
 * check is not asked: a concept shift can move the features' marginals too little to flag every day.
 */
export function shouldAdapt(e: AdaptEvidence): boolean {
  if (e.championTrainingDays.length === 0 || e.championTrainingDays.length >= e.windowDays) return false;
  const newest = [...e.championTrainingDays].sort().at(-1) as string;
  return inWindowBefore(newest, e.today, e.windowDays);
}

/** `day` is 1 to windowDays − 1 days before `today`: inside the window, and not today itself. */
function inWindowBefore(day: string, today: string, windowDays: number): boolean {
  const age = daysBetween(day, today);
  return age >= 1 && age < windowDays;
}

/** Evidence below which an open episode is let go: a one-sided p of about 0.16. */
export const EPISODE_CONTINUE_Z = 1;

export interface EpisodeEvidence {
  today: string;
  /** Days in the last `windowDays` on which this same champion's evaluation fired a test (decay or calibration). */
  recentTriggerDays: readonly string[];
  windowDays: number;
  /** Today's largest test z (decay or calibration), null when no test ran. */
  z: number | null;
}

/**
 * An open episode: a test fired for this champion within the window and it is still the champion (its
 * fine-tunes did not win yet: the deployer needs 1,000 rows of the episode's days to promote, two to three
 * days of them). While today's evidence still points the same way (z > EPISODE_CONTINUE_Z, a weaker bar
 * than the one that opened the episode), the loop keeps training one challenger a day on the growing
 * window, instead of waiting for a day whose ~500 rows clear z_(1−α) again. Calm days have no episode.
 */
export function episodeContinues(e: EpisodeEvidence): boolean {
  if (e.z === null || !(e.z > EPISODE_CONTINUE_Z)) return false;
  return e.recentTriggerDays.some((d) => inWindowBefore(d, e.today, e.windowDays));
}

export interface EvaluationDecision {
  decision: 'ok' | 'retrain';
  triggers: RetrainTrigger[];
}

/**
 * Retrain when the decay test or the calibration test says so, or when an explicit F1 override is set and
 * the day's F1 is below it. Without the override F1 does not decide (it is only reported). A missing test
 * (the version stored no expectation, or the day has one class only) decides nothing.
 */
export function decideAfterEvaluation(input: { decay: DecayTest | null; calibration?: CalibrationTest | null; f1: number; f1Override?: number | null; adapt?: boolean }): EvaluationDecision {
  const triggers: RetrainTrigger[] = [];
  if (input.decay?.decayed) triggers.push('decay');
  if (input.calibration?.shifted) triggers.push('calibration');
  if (input.f1Override !== undefined && input.f1Override !== null && input.f1 < input.f1Override) triggers.push('f1_override');
  if (input.adapt && triggers.length === 0) triggers.push('adapt');
  return { decision: triggers.length ? 'retrain' : 'ok', triggers };
}
