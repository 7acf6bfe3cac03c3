import { decideAfterTraining, f1ThresholdFor } from './retrain-policy';

describe('retrain policy', () => {
  it('takes a configured F1 threshold, else the champion validation F1 minus the margin', () => {
    expect(f1ThresholdFor({ configured: 0.75, championValidationF1: 0.55, margin: 0.05 })).toEqual({ value: 0.75, source: 'configured' });
    const derived = f1ThresholdFor({ championValidationF1: 0.55, margin: 0.05 });
    expect(derived.value).toBeCloseTo(0.5, 10);
    expect(derived.source).toBe('champion-validation-minus-margin');
    expect(f1ThresholdFor({ championValidationF1: 0.02, margin: 0.05 }).value).toBe(0);
  });

  it.each([
    [true, 1, { action: 'deploy' }],
    [false, 1, { action: 'retry', nextAttempt: 2 }],
    [false, 2, { action: 'retry', nextAttempt: 3 }],
    [false, 3, { action: 'alert' }],
    [true, 3, { action: 'deploy' }],
  ])('attempt success %p on attempt %p of 3 → %j', (success, attempt, decision) => {
    expect(decideAfterTraining({ success, attempt, maxAttempts: 3 })).toEqual(decision);
  });
});
