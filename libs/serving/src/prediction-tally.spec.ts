import { predictionIdBound } from './prediction-id';
import { PredictionDayTallies } from './prediction-tally';

/** A v7-shaped id served at `ms` (the bound with a version nibble and some randomness). */
const idAt = (ms: number, n: number) => predictionIdBound(ms).replace(/-0000-0000-0{12}$/, `-7000-8000-${String(n).padStart(12, '0')}`);

describe('daily prediction tallies', () => {
  const day1 = Date.UTC(2026, 2, 1, 23, 59, 59, 999);
  const day2 = Date.UTC(2026, 2, 2, 0, 0, 0, 0);

  it('groups by the UTC day in the id, per served version and per shadow version', () => {
    const t = new PredictionDayTallies();
    t.add({ _id: idAt(day2, 1), modelVersion: 3, probability: 0.9, default: true, shadow: { version: 4, agree: true } });
    t.add({ _id: idAt(day1, 2), modelVersion: 3, probability: 0.2, default: false, shadow: { version: 4, agree: false } });
    t.add({ _id: idAt(day1, 3), modelVersion: 3, probability: 0.6, default: true });
    t.add({ _id: idAt(day1, 4), modelVersion: 2, probability: 0.1, default: false, shadow: { version: 4, agree: true } });
    const [a, b] = t.result();
    expect(a.day).toBe('2026-03-01');
    expect(a.predictions).toBe(3);
    expect(a.byVersion).toEqual([
      { version: 2, predictions: 1, defaults: 0, meanProbability: 0.1 },
      { version: 3, predictions: 2, defaults: 1, meanProbability: expect.closeTo(0.4, 12) },
    ]);
    expect(a.shadow).toEqual([{ version: 4, compared: 2, agreed: 1 }]);
    expect(b).toEqual({ day: '2026-03-02', predictions: 1, byVersion: [{ version: 3, predictions: 1, defaults: 1, meanProbability: 0.9 }], shadow: [{ version: 4, compared: 1, agreed: 1 }] });
  });

  it('falls back to createdAt for an id without a time, and refuses a prediction with neither', () => {
    const t = new PredictionDayTallies();
    t.add({ _id: 'legacy-1', modelVersion: 1, probability: 0.5, default: true, createdAt: new Date(day1) });
    expect(t.result().map((d) => d.day)).toEqual(['2026-03-01']);
    expect(() => t.add({ _id: 'legacy-2', modelVersion: 1, probability: 0.5, default: true })).toThrow(/legacy-2/);
  });
});
