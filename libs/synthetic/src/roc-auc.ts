// ROC-AUC with DeLong's standard error, for the fidelity report's label-structure checks.
// libs/ml has the same estimator (aucWithError), but ml imports @loan/synthetic, so synthetic keeps its
// own small copy rather than creating an import cycle.

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { max, sqrt } = Math;

export interface RocAuc {
  auc: number;
  /** DeLong standard error. */
  se: number;
  positives: number;
  negatives: number;
}

/** Mid-ranks (1-based; ties share the mean rank). */
function midRanks(values: readonly number[]): Float64Array {
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

function varianceOf(x: Float64Array): number {
  if (x.length < 2) return 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m);
  return s / (x.length - 1);
}

/** ROC-AUC of scores against 0/1 labels with DeLong's SE (O(n log n) from mid-ranks). */
export function rocAucWithError(labels: ArrayLike<number>, scores: ArrayLike<number>): RocAuc {
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
  let auc = 0;
  for (let i = 0; i < m; i++) auc += v10[i] = (all[i] - rPos[i]) / n;
  for (let j = 0; j < n; j++) v01[j] = 1 - (all[m + j] - rNeg[j]) / m;
  return { auc: auc / m, se: sqrt(max(0, varianceOf(v10) / m + varianceOf(v01) / n)), positives: m, negatives: n };
}
