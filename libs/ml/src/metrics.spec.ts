import {
  accuracy,
  brierScore,
  logLoss,
  classificationReport,
  confusionMatrix,
  f1Score,
  prAuc,
  precision,
  recall,
  rocAuc,
  tuneThreshold,
} from './metrics';

// Eight rows, scores already in descending order so the hand calculations below are easy to follow.
//   score: 0.9 0.8 0.7 0.6 0.55 0.3 0.2 0.1
//   label:  1   0   1   1   0    0   1   0
const labels = [1, 0, 1, 1, 0, 0, 1, 0];
const probs = [0.9, 0.8, 0.7, 0.6, 0.55, 0.3, 0.2, 0.1];

describe('metrics on a hand-computed case', () => {
  it('confusion matrix at 0.5', () => {
    // Predicted positive: 0.9(1) 0.8(0) 0.7(1) 0.6(1) 0.55(0) → tp 3, fp 2;
    // predicted negative: 0.3(0) 0.2(1) 0.1(0) → tn 2, fn 1.
    expect(confusionMatrix(labels, probs, 0.5)).toEqual({ tp: 3, fp: 2, tn: 2, fn: 1 });
  });

  it('precision, recall, F1, accuracy at 0.5', () => {
    expect(precision(labels, probs)).toBeCloseTo(3 / 5, 12); // tp/(tp+fp)
    expect(recall(labels, probs)).toBeCloseTo(3 / 4, 12); // tp/(tp+fn)
    expect(f1Score(labels, probs)).toBeCloseTo(6 / 9, 12); // 2tp/(2tp+fp+fn) = 6/(6+2+1)
    expect(accuracy(labels, probs)).toBeCloseTo(5 / 8, 12); // (tp+tn)/n
  });

  it('threshold is inclusive: score == threshold counts as positive', () => {
    expect(confusionMatrix([1, 0], [0.5, 0.4], 0.5)).toEqual({ tp: 1, fp: 0, tn: 1, fn: 0 });
  });

  it('ROC-AUC counts positive-over-negative pairs', () => {
    // positives {0.9, 0.7, 0.6, 0.2}, negatives {0.8, 0.55, 0.3, 0.1}:
    // 0.9 beats 4, 0.7 beats 3, 0.6 beats 3, 0.2 beats 1 → 11 of 16 pairs.
    expect(rocAuc(labels, probs)).toBeCloseTo(11 / 16, 12);
  });

  it('ROC-AUC counts ties as one half', () => {
    // pos {0.5, 0.8}, neg {0.5, 0.2}: (0.5,0.5) tie → ½, (0.5,0.2) 1, (0.8,0.5) 1, (0.8,0.2) 1 → 3.5/4.
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.8, 0.2])).toBeCloseTo(0.875, 12);
    // All scores equal: every pair ties → 0.5.
    expect(rocAuc([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3])).toBeCloseTo(0.5, 12);
    // Perfect and inverted rankings.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
  });

  it('ROC-AUC is NaN with a single class', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });

  it('PR-AUC is average precision over the recall steps', () => {
    // Walking down the ranking, recall rises by ¼ at each positive:
    //   0.9 → P = 1/1, 0.7 → P = 2/3, 0.6 → P = 3/4, 0.2 → P = 4/7
    // AP = ¼ (1 + 2/3 + 3/4 + 4/7) = ¼ · 251/84 = 251/336.
    expect(prAuc(labels, probs)).toBeCloseTo(251 / 336, 12);
  });

  it('PR-AUC treats tied scores as one threshold', () => {
    // 0.8(1): P 1, R ½ → +½; tie group 0.5 {1, 0}: P 2/3, R 1 → +½·2/3; 0.2(0) adds nothing → 5/6.
    expect(prAuc([1, 0, 1, 0], [0.5, 0.5, 0.8, 0.2])).toBeCloseTo(5 / 6, 12);
  });

  it('Brier score is the mean squared error', () => {
    // (0.1² + 0.8² + 0.3² + 0.4² + 0.55² + 0.3² + 0.8² + 0.1²) / 8
    // = (0.01 + 0.64 + 0.09 + 0.16 + 0.3025 + 0.09 + 0.64 + 0.01) / 8 = 1.9425 / 8
    expect(brierScore(labels, probs)).toBeCloseTo(1.9425 / 8, 12);
  });

  it('log-loss is the mean negative log-likelihood, clipped so a confident miss stays finite', () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-7), 6);
  });

  it('classification report bundles everything', () => {
    const r = classificationReport(labels, probs, 0.5);
    expect(r).toMatchObject({ tp: 3, fp: 2, tn: 2, fn: 1, count: 8, positives: 4, threshold: 0.5 });
    expect(r.rocAuc).toBeCloseTo(11 / 16, 12);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => rocAuc([1, 0], [0.5])).toThrow(/differ in length/);
  });
});

describe('tuneThreshold', () => {
  it('finds the F1-optimal cut on the hand-made case', () => {
    // F1 = 2tp/(2tp+fp+fn) when cutting below each score (4 positives in all):
    //   0.9: tp1 fp0 → 2/5 = 0.400     0.8: tp1 fp1 → 2/6 = 0.333
    //   0.7: tp2 fp1 → 4/7 = 0.571     0.6: tp3 fp1 → 6/8 = 0.750  ← best
    //   0.55: tp3 fp2 → 6/9 = 0.667    0.3: tp3 fp3 → 6/10 = 0.600
    //   0.2: tp4 fp3 → 8/11 = 0.727    0.1: tp4 fp4 → 8/12 = 0.667
    // The returned threshold sits midway between 0.6 and the next score 0.55.
    const t = tuneThreshold(labels, probs);
    expect(t.threshold).toBeCloseTo(0.575, 12);
    expect(t.f1).toBeCloseTo(0.75, 12);
    expect(t.precision).toBeCloseTo(0.75, 12);
    expect(t.recall).toBeCloseTo(0.75, 12);
    // And the threshold reproduces that F1 under the >= convention.
    expect(f1Score(labels, probs, t.threshold)).toBeCloseTo(0.75, 12);
  });

  it('prefers the higher threshold when F1 ties', () => {
    // No tie first: [1,1,0,0] with scores [0.9,0.8,0.7,0.6] reaches F1 1 only by cutting below 0.8.
    const t = tuneThreshold([1, 1, 0, 0], [0.9, 0.8, 0.7, 0.6]);
    expect(t.f1).toBe(1);
    expect(t.threshold).toBeCloseTo(0.75, 12);
    // A real tie: [1,0,0,1] scores [0.9,0.8,0.7,0.6]: at 0.9 → 2/3; at 0.6 → tp2 fp2 → 4/6 = 2/3.
    const tie = tuneThreshold([1, 0, 0, 1], [0.9, 0.8, 0.7, 0.6]);
    expect(tie.f1).toBeCloseTo(2 / 3, 12);
    expect(tie.threshold).toBeCloseTo(0.85, 12);
  });

  it('handles tied scores as one candidate', () => {
    // All-equal scores: the only cut predicts everything positive.
    const t = tuneThreshold([1, 0, 1], [0.4, 0.4, 0.4]);
    expect(t.f1).toBeCloseTo(0.8, 12); // tp2 fp1 fn0 → 4/5
    expect(f1Score([1, 0, 1], [0.4, 0.4, 0.4], t.threshold)).toBeCloseTo(0.8, 12);
  });

  it('returns F1 0 and threshold 0.5 with no positives', () => {
    expect(tuneThreshold([0, 0], [0.1, 0.9])).toEqual({ threshold: 0.5, f1: 0, precision: 0, recall: 0 });
  });
});
