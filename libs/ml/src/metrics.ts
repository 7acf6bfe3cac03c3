// Binary-classification metrics on plain arrays: no tensors, so they run anywhere (evaluator,
// API, tests) and cost nothing to import. Convention everywhere: label 1 = default (positive),
// and a row is predicted positive when probability >= threshold.

export type Labels = ArrayLike<number>;
export type Scores = ArrayLike<number>;

export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ClassificationReport extends ConfusionMatrix {
  threshold: number;
  count: number;
  positives: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  prAuc: number;
  brier: number;
}

export interface ThresholdChoice {
  threshold: number;
  f1: number;
  precision: number;
  recall: number;
}

function checkLengths(labels: Labels, scores: Scores): void {
  if (labels.length !== scores.length) {
    throw new Error(`labels (${labels.length}) and scores (${scores.length}) differ in length`);
  }
}

export function confusionMatrix(labels: Labels, probs: Scores, threshold = 0.5): ConfusionMatrix {
  checkLengths(labels, probs);
  const cm = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const predicted = probs[i] >= threshold;
    if (labels[i] === 1) {
      if (predicted) cm.tp++;
      else cm.fn++;
    } else if (predicted) cm.fp++;
    else cm.tn++;
  }
  return cm;
}

// Undefined ratios (0/0) are reported as 0, as sklearn does with zero_division=0: a model that
// never predicts positive has no precision worth trusting.
const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

export const precisionOf = (cm: ConfusionMatrix): number => ratio(cm.tp, cm.tp + cm.fp);
export const recallOf = (cm: ConfusionMatrix): number => ratio(cm.tp, cm.tp + cm.fn);
export const f1Of = (cm: ConfusionMatrix): number => ratio(2 * cm.tp, 2 * cm.tp + cm.fp + cm.fn);
export const accuracyOf = (cm: ConfusionMatrix): number => ratio(cm.tp + cm.tn, cm.tp + cm.tn + cm.fp + cm.fn);

export const precision = (labels: Labels, probs: Scores, threshold = 0.5): number =>
  precisionOf(confusionMatrix(labels, probs, threshold));
export const recall = (labels: Labels, probs: Scores, threshold = 0.5): number =>
  recallOf(confusionMatrix(labels, probs, threshold));
export const f1Score = (labels: Labels, probs: Scores, threshold = 0.5): number =>
  f1Of(confusionMatrix(labels, probs, threshold));
export const accuracy = (labels: Labels, probs: Scores, threshold = 0.5): number =>
  accuracyOf(confusionMatrix(labels, probs, threshold));

/** Indices sorted by descending score (stable, so ties keep input order). */
function descendingOrder(scores: Scores): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  idx.sort((a, b) => scores[b] - scores[a] || a - b);
  return idx;
}

/**
 * ROC-AUC as the Mann–Whitney statistic: the chance a random positive outscores a random negative,
 * ties counting one half (average ranks). NaN when either class is absent — AUC is undefined then.
 */
export function rocAuc(labels: Labels, scores: Scores): number {
  checkLengths(labels, scores);
  const n = labels.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1; // ranks are 1-based; a tie group shares the mean rank
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * PR-AUC as average precision: sum over distinct thresholds of (ΔRecall × Precision), the step-wise
 * area sklearn's average_precision_score reports (no interpolation, which would flatter the curve).
 * Tied scores form one threshold. NaN with no positives.
 */
export function prAuc(labels: Labels, scores: Scores): number {
  checkLengths(labels, scores);
  const order = descendingOrder(scores);
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++;
  if (nPos === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]] === 1) tp++;
      else fp++;
      j++;
    }
    const r = tp / nPos;
    ap += (r - prevRecall) * (tp / (tp + fp));
    prevRecall = r;
    i = j;
  }
  return ap;
}

/** Mean squared error of the probabilities against the 0/1 labels (lower is better). */
export function brierScore(labels: Labels, probs: Scores): number {
  checkLengths(labels, probs);
  if (labels.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (probs[i] - labels[i]) ** 2;
  return sum / labels.length;
}

/** Mean negative log-likelihood of the 0/1 labels (natural log; probabilities clipped to [1e-7, 1 − 1e-7]). */
export function logLoss(labels: Labels, probs: Scores): number {
  checkLengths(labels, probs);
  if (labels.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - 1e-7, Math.max(1e-7, probs[i]));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/**
 * The threshold that maximises F1. Candidates are the distinct scores (each one as "predict
 * positive from here down"); the returned threshold is the midpoint between the chosen score and
 * the next lower distinct score, so slightly different scores on new data fall on the same side.
 * Ties in F1 keep the higher threshold (fewer false alarms for equal F1).
 */
export function tuneThreshold(labels: Labels, probs: Scores): ThresholdChoice {
  checkLengths(labels, probs);
  const order = descendingOrder(probs);
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++;
  let best: ThresholdChoice = { threshold: 0.5, f1: 0, precision: 0, recall: 0 };
  if (nPos === 0 || order.length === 0) return best;
  let tp = 0;
  let fp = 0;
  let bestF1 = -1;
  for (let i = 0; i < order.length; ) {
    const score = probs[order[i]];
    let j = i;
    while (j < order.length && probs[order[j]] === score) {
      if (labels[order[j]] === 1) tp++;
      else fp++;
      j++;
    }
    const f1 = (2 * tp) / (2 * tp + fp + (nPos - tp));
    if (f1 > bestF1) {
      bestF1 = f1;
      const nextLower = j < order.length ? probs[order[j]] : score / 2;
      const mid = (score + nextLower) / 2;
      // Adjacent floats can round the midpoint onto the lower score; the score itself is then safe.
      const threshold = mid > nextLower && mid <= score ? mid : score;
      best = { threshold, f1, precision: tp / (tp + fp), recall: tp / nPos };
    }
    i = j;
  }
  return best;
}

/** Everything the evaluator reports, at one threshold. */
export function classificationReport(labels: Labels, probs: Scores, threshold = 0.5): ClassificationReport {
  const cm = confusionMatrix(labels, probs, threshold);
  return {
    threshold,
    count: labels.length,
    positives: cm.tp + cm.fn,
    ...cm,
    accuracy: accuracyOf(cm),
    precision: precisionOf(cm),
    recall: recallOf(cm),
    f1: f1Of(cm),
    rocAuc: rocAuc(labels, probs),
    prAuc: prAuc(labels, probs),
    brier: brierScore(labels, probs),
  };
}
