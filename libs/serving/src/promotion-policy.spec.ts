import { PromotionInput, decidePromotion } from './promotion-policy';

const champion = { f1: 0.54, precision: 0.5 };
const passing: PromotionInput = { candidate: { f1: 0.561, precision: 0.52 }, champion, rows: 1500, minEvalRows: 1000 };

describe('decidePromotion', () => {
  it('promotes when every rule passes, with one reason per rule', () => {
    expect(decidePromotion(passing)).toEqual({
      action: 'promote',
      reasons: ['F1 0.561 > champion 0.540 + 0.01', 'precision 0.520 >= champion 0.500', 'rows 1500 >= MIN_EVAL_ROWS 1000'],
    });
  });

  it.each<[string, Partial<PromotionInput>, string]>([
    ['F1 gain too small', { candidate: { f1: 0.545, precision: 0.52 } }, 'F1 0.545 <= champion 0.540 + 0.01'],
    ['F1 worse', { candidate: { f1: 0.5, precision: 0.52 } }, 'F1 0.500 <= champion 0.540 + 0.01'],
    ['precision lower', { candidate: { f1: 0.561, precision: 0.48 } }, 'precision 0.480 < champion 0.500'],
    ['too few rows', { rows: 900 }, 'rows 900 < MIN_EVAL_ROWS 1000'],
  ])('keeps a challenger when only one rule fails: %s', (_what, change, reason) => {
    const decision = decidePromotion({ ...passing, ...change });
    expect(decision.action).toBe('challenger');
    expect(decision.reasons).toHaveLength(3);
    expect(decision.reasons).toContain(reason);
  });

  it('lists every failing rule when all fail', () => {
    const decision = decidePromotion({ candidate: { f1: 0.3, precision: 0.2 }, champion, rows: 10, minEvalRows: 1000 });
    expect(decision).toEqual({
      action: 'challenger',
      reasons: ['F1 0.300 <= champion 0.540 + 0.01', 'precision 0.200 < champion 0.500', 'rows 10 < MIN_EVAL_ROWS 1000'],
    });
  });

  it.each([
    [0.5, 0.51],
    [0.53, 0.54], // 0.53 + 0.01 is 0.5399999999999999 in floating point
    [0.54, 0.55],
    [0.7, 0.71],
  ])('does not promote for a gain of exactly +0.01 (%p → %p)', (championF1, candidateF1) => {
    const input = { ...passing, champion: { f1: championF1, precision: 0.5 }, candidate: { f1: candidateF1, precision: 0.5 } };
    expect(decidePromotion(input).action).toBe('challenger');
    expect(decidePromotion({ ...input, candidate: { f1: candidateF1 + 0.0001, precision: 0.5 } }).action).toBe('promote');
  });

  it('accepts equal precision and rows exactly at MIN_EVAL_ROWS', () => {
    const decision = decidePromotion({ ...passing, candidate: { f1: 0.6, precision: 0.5 }, rows: 1000 });
    expect(decision.action).toBe('promote');
    expect(decision.reasons).toContain('precision 0.500 >= champion 0.500');
    expect(decision.reasons).toContain('rows 1000 >= MIN_EVAL_ROWS 1000');
  });

  it('honours a custom minF1Gain', () => {
    expect(decidePromotion({ ...passing, minF1Gain: 0.05 }).action).toBe('challenger');
    expect(decidePromotion({ ...passing, minF1Gain: 0 }).action).toBe('promote');
    expect(decidePromotion({ ...passing, candidate: { f1: 0.54, precision: 0.5 }, minF1Gain: 0 }).action).toBe('challenger');
  });

  it('promotes anything when there is no champion, whatever the rows', () => {
    const decision = decidePromotion({ candidate: { f1: 0.1, precision: 0.1 }, champion: null, rows: 0, minEvalRows: 1000 });
    expect(decision.action).toBe('promote');
    expect(decision.reasons).toHaveLength(1);
    expect(decision.reasons[0]).toMatch(/no champion/);
  });

  it.each<[string, Partial<PromotionInput>]>([
    ['candidate F1 above 1', { candidate: { f1: 1.2, precision: 0.5 } }],
    ['candidate precision NaN', { candidate: { f1: 0.5, precision: Number.NaN } }],
    ['champion F1 negative', { champion: { f1: -0.1, precision: 0.5 } }],
    ['champion precision infinite', { champion: { f1: 0.5, precision: Number.POSITIVE_INFINITY } }],
    ['fractional rows', { rows: 10.5 }],
    ['negative rows', { rows: -1 }],
    ['negative minEvalRows', { minEvalRows: -5 }],
    ['negative minF1Gain', { minF1Gain: -0.01 }],
  ])('rejects invalid input: %s', (_what, change) => {
    expect(() => decidePromotion({ ...passing, ...change })).toThrow(RangeError);
  });
});
