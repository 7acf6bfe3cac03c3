// ROC-AUC with an honest error: DeLong's variance (DeLong, DeLong & Clarke-Pearson 1988), computed from
// mid-ranks in O(n log n) (Sun & Xu 2014). One model's AUC and the paired difference of two models scored
// on the same rows (the covariance between them matters: judging two models on the same ~500 rows is far
// tighter than comparing two independent figures).
import { normalCdf, normalQuantile } from './normal-distribution';

type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

export interface AucEstimate {
  auc: number;
  /** Standard error (DeLong). */
  se: number;
  positives: number;
  negatives: number;
}

export interface PairedAucDifference {
  /** AUC(a) − AUC(b) on the same rows. */
  difference: number;
  se: number;
  aucA: number;
  aucB: number;
  /** One-sided p-value of H0: AUC(a) ≤ AUC(b). */
  pValue: number;
  positives: number;
  negatives: number;
}

/** Mid-ranks (1-based, ties share the mean rank) of values. */
function midRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

/** DeLong's structural components: v10[i] per positive, v01[j] per negative; their means are the AUC. */
function structuralComponents(labels: Labels, scores: Scores): { v10: Float64Array; v01: Float64Array } {
  if (labels.length !== scores.length) throw new RangeError(`labels (${labels.length}) and scores (${scores.length}) differ in length`);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? pos : neg).push(scores[i]);
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) throw new RangeError(`AUC needs both classes (got ${m} positives, ${n} negatives)`);
  const all = midRanks([...pos, ...neg]);
  const rPos = midRanks(pos);
  const rNeg = midRanks(neg);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  for (let i = 0; i < m; i++) v10[i] = (all[i] - rPos[i]) / n;
  for (let j = 0; j < n; j++) v01[j] = 1 - (all[m + j] - rNeg[j]) / m;
  return { v10, v01 };
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample covariance (n − 1) of two equally long vectors; 0 for a single element. */
function covariance(a: Float64Array, b: Float64Array): number {
  if (a.length < 2) return 0;
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1);
}

/** One model's ROC-AUC and its DeLong standard error. */
export function aucWithError(labels: Labels, scores: Scores): AucEstimate {
  const { v10, v01 } = structuralComponents(labels, scores);
  const variance = covariance(v10, v10) / v10.length + covariance(v01, v01) / v01.length;
  return { auc: mean(v10), se: Math.sqrt(Math.max(0, variance)), positives: v10.length, negatives: v01.length };
}

/** AUC(a) − AUC(b) of two models' scores on the same labelled rows, with DeLong's paired error. */
export function pairedAucDifference(labels: Labels, scoresA: Scores, scoresB: Scores): PairedAucDifference {
  const a = structuralComponents(labels, scoresA);
  const b = structuralComponents(labels, scoresB);
  const m = a.v10.length;
  const n = a.v01.length;
  const variance =
    (covariance(a.v10, a.v10) + covariance(b.v10, b.v10) - 2 * covariance(a.v10, b.v10)) / m +
    (covariance(a.v01, a.v01) + covariance(b.v01, b.v01) - 2 * covariance(a.v01, b.v01)) / n;
  const aucA = mean(a.v10);
  const aucB = mean(b.v10);
  const difference = aucA - aucB;
  const se = Math.sqrt(Math.max(0, variance));
  const pValue = se > 0 ? 1 - normalCdf(difference / se) : difference > 0 ? 0 : 1;
  return { difference, se, aucA, aucB, pValue, positives: m, negatives: n };
}

/** Two-sided (1 − alpha) normal interval of an estimate. */
export function normalInterval(estimate: number, se: number, alpha = 0.05): { lower: number; upper: number } {
  const z = normalQuantile(1 - alpha / 2);
  return { lower: estimate - z * se, upper: estimate + z * se };
}
