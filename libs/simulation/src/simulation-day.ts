// What the simulator records for each day of a calendar: the figures of the three models on the same
// rows, what the loop decided, and what changed. Plain JSON (summary.json holds an array of these).

/** One model's scores on a set of rows: ROC-AUC with its DeLong SE, F1 at the model's own threshold. */
export interface ScoredModel {
  version: number | null;
  rocAuc: number;
  rocAucSe: number;
  f1: number;
  logLoss: number;
}

export interface SimulatedAttempt {
  attempt: number;
  rung: string | null;
  success: boolean;
  newVersion: number | null;
}

export interface SimulationDay {
  index: number;
  date: string;
  /** Scenario name and severity the generator applied. */
  scenario: string;
  severity: number;
  /** Same key ⇔ same distribution (one oracle per key). */
  distributionKey: string;
  /** The scenario moves the distribution (name ≠ none and severity > 0). */
  drifting: boolean;
  /** Rows the loop evaluated the champion on (the day's evaluation part). */
  evaluationRows: number;
  /** The loop's own evaluation of the champion (what decided the day). */
  evaluation: { version: number; rocAuc: number; f1: number; decision: string; reason: string | null };
  drift: { datasetDrift: boolean; flagged: string[]; share: number };
  /**
   * On a large fresh sample of the day's distribution (auditRows), so healing is measured with a small
   * error: the champion that served the day, the day-0 champion never retrained (stale) and the oracle.
   */
  auditRows: number;
  champion: ScoredModel;
  stale: ScoredModel;
  oracle: ScoredModel;
  attempts: SimulatedAttempt[];
  /** Champion versions after the day's deployments, when the champion changed. */
  promotions: { from: number | null; to: number }[];
  alerts: { severity: string; message: string }[];
  /** Versions registered while the day ran. */
  versionsCreated: number[];
  wallMs: number;
}
