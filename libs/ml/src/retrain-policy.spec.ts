import { decideAfterTraining, f1ThresholdFor, fineTuneStep } from './retrain-policy';

describe('retrain policy', () => {
  it('takes a configured F1 threshold, else the champion validation F1 minus the margin', () => {
    expect(f1ThresholdFor({ configured: 0.75, championValidationF1: 0.55, margin: 0.05 })).toEqual({ value: 0.75, source: 'configured' });
    const derived = f1ThresholdFor({ championValidationF1: 0.55, margin: 0.05 });
    expect(derived.value).toBeCloseTo(0.5, 10);
    expect(derived.source).toBe('champion-validation-minus-margin');
    expect(f1ThresholdFor({ championValidationF1: 0.02, margin: 0.05 }).value).toBe(0);
  });

  it.each([
    [0.52, 1, { action: 'deploy' }],
    [0.4, 1, { action: 'retry', nextAttempt: 2 }],
    [0.4, 2, { action: 'retry', nextAttempt: 3 }],
    [0.4, 3, { action: 'alert' }],
    [0.5, 3, { action: 'deploy' }],
  ])('candidate F1 %p on attempt %p of 3 → %j', (candidateF1, attempt, decision) => {
    expect(decideAfterTraining({ candidateF1, threshold: 0.5, attempt, maxAttempts: 3 })).toEqual(decision);
  });

  it('escalates from a frozen encoder to full fine-tuning', () => {
    expect(fineTuneStep(1).freezeEncoder).toBe(true);
    expect(fineTuneStep(2).freezeEncoder).toBe(false);
    expect(fineTuneStep(3).maxEpochs).toBeGreaterThan(fineTuneStep(2).maxEpochs);
    expect(new Set([1, 2, 3].map((a) => fineTuneStep(a).seed)).size).toBe(3);
  });
});
