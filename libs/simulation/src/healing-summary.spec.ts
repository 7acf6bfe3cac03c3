import { summariseHealing } from './healing-summary';
import type { ScoredModel, SimulationDay } from './simulation-day';

const scored = (rocAuc: number, f1 = 0.5): ScoredModel => ({ version: 1, rocAuc, rocAucSe: 0.005, f1, logLoss: 0.45 });

function day(index: number, over: Partial<SimulationDay> = {}): SimulationDay {
  return {
    index,
    date: `2026-01-${String(index + 1).padStart(2, '0')}`,
    scenario: 'none',
    severity: 0,
    distributionKey: 'none',
    drifting: false,
    evaluationRows: 500,
    evaluation: { version: 2, rocAuc: 0.77, f1: 0.52, decision: 'ok', reason: null },
    drift: { datasetDrift: false, flagged: [], share: 0 },
    auditRows: 4000,
    champion: scored(0.77),
    stale: scored(0.77),
    oracle: scored(0.78),
    attempts: [],
    promotions: [],
    alerts: [],
    versionsCreated: [],
    wallMs: 1000,
    ...over,
  };
}

const drifted = (index: number, over: Partial<SimulationDay> = {}) =>
  day(index, { scenario: 'recession_concept', severity: 1, distributionKey: 'rc', drifting: true, stale: scored(0.7, 0.4), oracle: scored(0.8, 0.6), ...over });

describe('summariseHealing', () => {
  it('counts false alarms on calm days only', () => {
    const days = [
      day(0),
      day(1, { evaluation: { version: 2, rocAuc: 0.7, f1: 0.4, decision: 'retrain', reason: 'auc' }, alerts: [{ severity: 'CRITICAL', message: 'x' }] }),
      day(2, { promotions: [{ from: 2, to: 3 }] }),
      drifted(3, { evaluation: { version: 3, rocAuc: 0.7, f1: 0.4, decision: 'retrain', reason: 'auc' } }),
    ];
    const s = summariseHealing(days);
    expect(s.calmDays).toBe(3);
    expect(s.driftDays).toBe(1);
    expect(s.falseAlarms).toEqual({ retrainDays: 1, alerts: 1, championChanges: 1 });
    expect(s.criticalAlerts).toBe(1);
  });

  it('measures detection delay and recovery after an onset', () => {
    const days = [
      day(0),
      drifted(1, { champion: scored(0.7, 0.4) }), // onset, not yet detected
      drifted(2, { evaluation: { version: 2, rocAuc: 0.69, f1: 0.4, decision: 'retrain', reason: 'auc' }, champion: scored(0.7, 0.4), promotions: [{ from: 2, to: 3 }] }),
      drifted(3),
      drifted(4, { champion: scored(0.78, 0.55) }),
    ];
    const [onset] = summariseHealing(days).onsets;
    expect(onset).toMatchObject({ index: 1, detectionDelay: 1, promotionDelay: 1 });
    const lag1 = onset.recovery.find((r) => r.lag === 1);
    const lag3 = onset.recovery.find((r) => r.lag === 3);
    expect(lag1?.rocAuc).toBeCloseTo(0, 10);
    expect(lag3?.rocAuc).toBeCloseTo(0.8, 10);
    expect(lag3?.f1).toBeCloseTo(0.75, 10);
    expect(onset.recovery.find((r) => r.lag === 7)).toBeUndefined(); // the calendar ended first
  });

  it('reports no recovery when the oracle is not measurably better than the stale model', () => {
    const days = [drifted(0), drifted(1, { stale: scored(0.77), oracle: scored(0.775) })];
    const [onset] = summariseHealing(days).onsets;
    expect(onset.recovery[0].rocAuc).toBeNull();
    expect(onset.detectionDelay).toBeNull();
  });

  it('finds one onset per drift run (recurring drift) and does not count days after a drift as calm', () => {
    const days = [day(0), drifted(1), day(2, { evaluation: { version: 3, rocAuc: 0.7, f1: 0.4, decision: 'retrain', reason: 'auc' } }), drifted(3)];
    const s = summariseHealing(days);
    expect(s.onsets.map((o) => o.index)).toEqual([1, 3]);
    expect(s.calmDays).toBe(1);
    expect(s.falseAlarms.retrainDays).toBe(0);
  });
});
