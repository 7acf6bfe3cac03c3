// The healing report's figures, from the per-day records alone: false alarms on calm days, detection
// delay after each onset, and recovery = (healed − stale) / (oracle − stale) some days after each onset.
import type { SimulationDay } from './simulation-day';

export const RECOVERY_LAGS = [1, 3, 7] as const;

export interface RecoveryPoint {
  lag: number;
  date: string;
  /** (champion − stale) / (oracle − stale) on ROC-AUC; null when the gap is within noise (see gapSe). */
  rocAuc: number | null;
  f1: number | null;
  /** oracle − stale ROC-AUC and its SE (independent-sample DeLong errors combined). */
  gap: number;
  gapSe: number;
}

export interface Onset {
  index: number;
  date: string;
  scenario: string;
  /** Days from onset to the first day the loop decided to retrain; null if it never did in this drift run. */
  detectionDelay: number | null;
  /** Days from onset to the first champion change; null if none in this drift run. */
  promotionDelay: number | null;
  recovery: RecoveryPoint[];
}

export interface HealingSummary {
  days: number;
  /** No-drift days before the first onset (false alarms are counted on these). */
  calmDays: number;
  driftDays: number;
  falseAlarms: { retrainDays: number; alerts: number; championChanges: number };
  onsets: Onset[];
  versionsCreated: number;
  criticalAlerts: number;
  promotions: number;
}

const RETRAIN_DECISIONS = new Set(['retrain']);

/** Recovery on a metric: null when the oracle is not measurably better than the stale model. */
function recoveryOf(healed: number, stale: number, oracle: number, gapSe: number): number | null {
  const gap = oracle - stale;
  if (!(gap > 2 * gapSe) || !(gap > 0.005)) return null;
  return (healed - stale) / gap;
}

/** Onsets: the first day of each run of drifting days. */
function onsetIndices(days: readonly SimulationDay[]): number[] {
  return days.filter((d, i) => d.drifting && (i === 0 || !days[i - 1].drifting)).map((d) => d.index);
}

export function summariseHealing(days: readonly SimulationDay[]): HealingSummary {
  const byIndex = new Map(days.map((d) => [d.index, d]));
  // Calm = no drift and no drift before it: once a champion has adapted to a drift, a return to the
  // reference distribution is a real change for it, so those days are not counted as calm.
  const firstOnset = days.find((d) => d.drifting)?.index ?? Infinity;
  const calm = days.filter((d) => !d.drifting && d.index < firstOnset);
  const onsets: Onset[] = onsetIndices(days).map((start) => {
    const first = byIndex.get(start) as SimulationDay;
    const run: SimulationDay[] = [];
    for (let i = start; byIndex.get(i)?.drifting; i++) run.push(byIndex.get(i) as SimulationDay);
    const detected = run.find((d) => RETRAIN_DECISIONS.has(d.evaluation.decision));
    const promoted = run.find((d) => d.promotions.length > 0);
    const recovery: RecoveryPoint[] = [];
    for (const lag of RECOVERY_LAGS) {
      const d = run.find((x) => x.index === start + lag);
      if (!d) continue;
      const gap = d.oracle.rocAuc - d.stale.rocAuc;
      const gapSe = Math.hypot(d.oracle.rocAucSe, d.stale.rocAucSe);
      recovery.push({
        lag,
        date: d.date,
        rocAuc: recoveryOf(d.champion.rocAuc, d.stale.rocAuc, d.oracle.rocAuc, gapSe),
        f1: recoveryOf(d.champion.f1, d.stale.f1, d.oracle.f1, 0),
        gap,
        gapSe,
      });
    }
    return {
      index: start,
      date: first.date,
      scenario: first.scenario,
      detectionDelay: detected ? detected.index - start : null,
      promotionDelay: promoted ? promoted.index - start : null,
      recovery,
    };
  });
  const critical = (d: SimulationDay) => d.alerts.filter((a) => a.severity === 'CRITICAL').length;
  return {
    days: days.length,
    calmDays: calm.length,
    driftDays: days.filter((d) => d.drifting).length,
    falseAlarms: {
      retrainDays: calm.filter((d) => RETRAIN_DECISIONS.has(d.evaluation.decision)).length,
      alerts: calm.reduce((n, d) => n + critical(d), 0),
      championChanges: calm.reduce((n, d) => n + d.promotions.length, 0),
    },
    onsets,
    versionsCreated: days.reduce((n, d) => n + d.versionsCreated.length, 0),
    criticalAlerts: days.reduce((n, d) => n + critical(d), 0),
    promotions: days.reduce((n, d) => n + d.promotions.length, 0),
  };
}
