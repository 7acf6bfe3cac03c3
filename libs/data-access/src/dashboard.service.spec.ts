import { driftMatrix } from './dashboard.service';

describe('driftMatrix (the dashboard heatmap)', () => {
  it('is features × days of statistic / threshold, null where a feature had no data or no threshold', () => {
    const m = driftMatrix([
      { day: '2026-01-01', features: [{ column: 'AGE', value: 0.02, threshold: 0.04 }, { column: 'SEX', value: 0.3, threshold: 0.1 }] },
      { day: '2026-01-02', features: [{ column: 'AGE', value: null, threshold: null }, { column: 'PAY_0', value: 0.05, threshold: 0.05 }] },
    ]);
    expect(m.days).toEqual(['2026-01-01', '2026-01-02']);
    expect(m.features).toEqual(['AGE', 'SEX', 'PAY_0']);
    expect(m.ratio[0]).toEqual([0.5, null]);
    expect(m.ratio[1][0]).toBeCloseTo(3, 12);
    expect(m.ratio[1][1]).toBeNull(); // SEX not in the second report
    expect(m.ratio[2]).toEqual([null, 1]);
    expect(driftMatrix([])).toEqual({ features: [], days: [], ratio: [] });
  });
});
