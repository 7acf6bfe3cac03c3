import { msUntilStored, newPredictionId, predictionIdBound, predictionIdTime } from './prediction-id';

describe('prediction ids', () => {
  it('are UUIDv7 carrying the time they were made', () => {
    const before = Date.now();
    const id = newPredictionId();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const t = predictionIdTime(id) as number;
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
    expect(newPredictionId()).not.toBe(id);
  });

  it('a v4 or malformed id has no time', () => {
    expect(predictionIdTime('0b7e2a52-1a0e-4c5c-9d8b-3f5f4f7c2e11')).toBeNull();
    expect(predictionIdTime('nope')).toBeNull();
  });

  it('waits for a young id up to the buffer delay, not for an old or timeless one', () => {
    const id = newPredictionId();
    const t = predictionIdTime(id) as number;
    expect(msUntilStored(id, t, 2000)).toBe(2000);
    expect(msUntilStored(id, t + 1500, 2000)).toBe(500);
    expect(msUntilStored(id, t + 2000, 2000)).toBe(0);
    expect(msUntilStored(id, t + 60_000, 2000)).toBe(0);
    // A clock behind the serving instance's never waits longer than the delay.
    expect(msUntilStored(id, t - 10_000, 2000)).toBe(2000);
    expect(msUntilStored('0b7e2a52-1a0e-4c5c-9d8b-3f5f4f7c2e11', t, 2000)).toBe(0);
  });

  it('a time bound splits ids served before it from ids served at or after it, by string order', () => {
    const id = newPredictionId();
    const t = predictionIdTime(id) as number;
    expect(predictionIdBound(t) < id).toBe(true);
    expect(predictionIdBound(t + 1) > id).toBe(true);
    expect(predictionIdTime(predictionIdBound(t).replace(/-0000-0000-/, '-7000-8000-'))).toBe(t);
    expect(predictionIdBound(Date.UTC(2026, 0, 1))).toBe(`${Date.UTC(2026, 0, 1).toString(16).padStart(12, '0').slice(0, 8)}-${Date.UTC(2026, 0, 1).toString(16).padStart(12, '0').slice(8)}-0000-0000-000000000000`);
  });
});
