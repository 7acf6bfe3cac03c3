// How a decayed model heals, as pure decision tables: which rung each attempt climbs to, how the
// training window's days are weighted, and when a candidate counts as better than the champion.
// The rungs start cheap: a new decision threshold fixes a shift in the default rate without touching
// the network; fine-tuning the head then the whole network follows; a model from scratch on the window
// is the last resort when the concept itself changed.
import type { PairedAucDifference } from '@loan/stats';
import type { PairedF1Bootstrap } from './f1-bootstrap';

export type Rung = 'recalibrate' | 'head' | 'full' | 'scratch';
export const RUNGS: readonly Rung[] = ['recalibrate', 'head', 'full', 'scratch'];

export interface RungPlan {
  rung: Rung;
  /** Network training settings; unused by 'recalibrate'. */
  learningRate: number;
  freezeEncoder: boolean;
  maxEpochs: number;
  patience: number;
  /** Small batches and a short weight average: a window holds ~1–3k rows, so 256-row batches with EMA 0.99 barely leave the champion. */
  batchSize: number;
  emaDecay: number;
  seed: number;
}

const PLANS: Record<Rung, Omit<RungPlan, 'seed'>> = {
  recalibrate: { rung: 'recalibrate', learningRate: 0, freezeEncoder: true, maxEpochs: 0, patience: 0, batchSize: 0, emaDecay: 0 },
  head: { rung: 'head', learningRate: 1e-3, freezeEncoder: true, maxEpochs: 10, patience: 3, batchSize: 64, emaDecay: 0.9 },
  full: { rung: 'full', learningRate: 5e-4, freezeEncoder: false, maxEpochs: 12, patience: 3, batchSize: 64, emaDecay: 0.9 },
  scratch: { rung: 'scratch', learningRate: 2e-3, freezeEncoder: false, maxEpochs: 20, patience: 4, batchSize: 64, emaDecay: 0.95 },
};

export interface LadderEvidence {
  /** The day's ranking quality fell (the evaluation's AUC decay test fired): a new threshold cannot help, so skip recalibration. */
  aucDecayed: boolean;
  /** An operator asked for a fine-tune: it trains a network from the first attempt. */
  forced?: boolean;
  /** No decay, but a drift still under way (trigger 'adapt'): one whole-network fine-tune on the grown window. */
  adapting?: boolean;
}

/**
 * The rungs this run climbs, in order. Recalibration first unless the evidence says the concept (not only
 * the base rate) changed, or an operator forced a fine-tune.
 */
export function ladderFor(evidence: LadderEvidence): Rung[] {
  if (evidence.adapting) return ['full'];
  return evidence.aucDecayed || evidence.forced ? RUNGS.filter((r) => r !== 'recalibrate') : [...RUNGS];
}

/** What attempt `attempt` (1-based) does; attempts past the ladder repeat its top rung with a new seed. */
export function attemptPlan(attempt: number, evidence: LadderEvidence): RungPlan {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const ladder = ladderFor(evidence);
  const rung = ladder[Math.min(attempt, ladder.length) - 1];
  return { ...PLANS[rung], seed: 100 * attempt + RUNGS.indexOf(rung) };
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Weight of each day's rows: 0.5^(age / halfLife), age in days before `today` (today = 1). */
export function recencyWeights(days: readonly string[], today: string, halfLifeDays: number): number[] {
  if (!(halfLifeDays > 0)) throw new RangeError(`halfLifeDays must be positive, got ${halfLifeDays}`);
  return days.map((d) => {
    const age = daysBetween(d, today);
    if (!(age >= 0)) throw new RangeError(`day ${d} is after ${today}`);
    return 0.5 ** (age / halfLifeDays);
  });
}

/**
 * Where the window starts: the window's oldest day, or the first day of the current episode when that is
 * later — days before the shift teach the old concept. `episodeDays` holds the window's days that belong
 * to an episode: their evaluation called for retraining, or their batch flagged dataset drift (a shift's
 * onset day is usually flagged a day before the AUC test can see the decay). The episode is the unbroken
 * run of such days up to today.
 */
export function windowStart(windowDaysNewestFirst: readonly string[], episodeDays: ReadonlySet<string>): string | undefined {
  let start: string | undefined;
  for (const d of windowDaysNewestFirst) {
    if (!episodeDays.has(d)) break;
    start = d;
  }
  return start ?? windowDaysNewestFirst[windowDaysNewestFirst.length - 1];
}

export type AttemptStatistic = 'delong-auc' | 'bootstrap-f1';

export interface AttemptJudgement {
  success: boolean;
  statistic: AttemptStatistic;
  /** Candidate minus champion: AUC for model rungs, F1 for recalibration. */
  difference: number;
  se: number;
  /** DeLong one-sided p (model rungs); null for the bootstrap. */
  pValue: number | null;
  /** Bootstrap one-sided (1 − alpha) lower bound (recalibration); null for DeLong. */
  lowerBound: number | null;
  /** Why it succeeded or not, for logs and alerts. */
  because: string;
}

/**
 * Success = better than the champion on the same unseen rows by more than chance: DeLong's paired test
 * (p < alpha) for a retrained network; for a new threshold (AUC unchanged) the paired F1 bootstrap's
 * lower bound above 0. An operator's forced run always succeeds (the deployer still decides if it serves).
 */
export function judgeAttempt(
  input: { rung: Rung; alpha: number; forced?: boolean } & ({ auc: PairedAucDifference } | { f1: PairedF1Bootstrap }),
): AttemptJudgement {
  if ('auc' in input) {
    const { difference, se, pValue } = input.auc;
    const better = pValue < input.alpha;
    return {
      success: better || !!input.forced,
      statistic: 'delong-auc',
      difference,
      se,
      pValue,
      lowerBound: null,
      because: `${better ? '' : 'not '}better: AUC ${fmt(difference)} ± ${fmt(se)}, p ${fmt(pValue)} ${better ? '<' : '≥'} ${input.alpha}${input.forced ? '; forced' : ''}`,
    };
  }
  const { difference, se, lower } = input.f1;
  const better = lower > 0;
  return {
    success: better || !!input.forced,
    statistic: 'bootstrap-f1',
    difference,
    se,
    pValue: null,
    lowerBound: lower,
    because: `${better ? '' : 'not '}better: F1 ${fmt(difference)}, lower bound ${fmt(lower)} ${better ? '>' : '≤'} 0${input.forced ? '; forced' : ''}`,
  };
}

const fmt = (x: number): string => (Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(1) : x.toFixed(3));
