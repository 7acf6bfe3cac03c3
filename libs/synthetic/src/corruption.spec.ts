import { type CompleteRow, FEATURE_COLUMNS, LABEL_COLUMN, NUMERIC_BOUNDS, NUMERIC_COLUMNS, type NumericColumn } from '@loan/features';
import { injectCorruption } from './corruption';
import { createRng } from '@loan/stats';
import { loadRealRows } from './testing/real-data';

describe('injectCorruption', () => {
  let rows: CompleteRow[];
  beforeAll(() => {
    rows = loadRealRows().slice(0, 6000);
  });

  it('hits the requested rates, never nulls the label, and records every cell', () => {
    const before = JSON.stringify(rows);
    const { rows: out, injected } = injectCorruption(rows, { missingRate: 0.05, outlierRate: 0.02 }, createRng('corrupt'));
    expect(JSON.stringify(rows)).toBe(before); // inputs untouched
    const cells = rows.length * FEATURE_COLUMNS.length;
    const numericCells = rows.length * NUMERIC_COLUMNS.length;
    expect(injected.cellsConsidered).toBe(cells);
    expect(Math.abs(injected.missing.total / cells - 0.05)).toBeLessThan(0.005);
    // Outliers are drawn among cells not made missing.
    expect(Math.abs(injected.outliers.total / numericCells - 0.02)).toBeLessThan(0.004);
    expect(out.every((r) => r[LABEL_COLUMN] === 0 || r[LABEL_COLUMN] === 1)).toBe(true);

    // The record matches the rows exactly: nulls ⇔ missing cells, changed values ⇔ outliers.
    const sum = (o: Record<string, number>) => Object.values(o).reduce((s, x) => s + x, 0);
    expect(sum(injected.missing.byColumn)).toBe(injected.missing.total);
    expect(sum(injected.outliers.byColumn)).toBe(injected.outliers.total);
    expect(injected.cells).toHaveLength(injected.missing.total + injected.outliers.total);
    const listed = new Set(injected.cells.map((c) => `${c.row}/${c.column}`));
    let nulls = 0;
    let changed = 0;
    const unlisted: string[] = [];
    out.forEach((r, i) =>
      FEATURE_COLUMNS.forEach((c) => {
        if (r[c] === null) nulls++;
        else if (r[c] !== rows[i][c]) changed++;
        if (r[c] !== rows[i][c] && !listed.has(`${i}/${c}`)) unlisted.push(`${i}/${c}`);
      }),
    );
    expect(unlisted).toEqual([]);
    expect(nulls).toBe(injected.missing.total);
    expect(changed).toBe(injected.outliers.total);
    expect(injected.cells.filter((cell) => cell.original !== rows[cell.row][cell.column] || out[cell.row][cell.column] !== cell.value)).toEqual([]);
  });

  it('makes outliers far beyond the 99.9th percentile, sign-preserving and within schema bounds', () => {
    const { injected } = injectCorruption(rows, { missingRate: 0, outlierRate: 0.05 }, createRng('outliers'));
    const p999 = Object.fromEntries(
      NUMERIC_COLUMNS.map((c) => {
        const v = rows.map((r) => Math.abs(r[c])).sort((a, b) => a - b);
        return [c, v[Math.floor(0.999 * v.length)]];
      }),
    ) as Record<NumericColumn, number>;
    expect(injected.outliers.total).toBeGreaterThan(100);
    const bad = injected.cells.filter((cell) => {
      const c = cell.column as NumericColumn;
      const v = cell.value as number;
      return (
        !(NUMERIC_COLUMNS as readonly string[]).includes(c) ||
        !(Math.abs(v) > p999[c]) ||
        Math.sign(v) !== (cell.original < 0 ? -1 : 1) ||
        v < NUMERIC_BOUNDS[c].min ||
        v > NUMERIC_BOUNDS[c].max ||
        !Number.isInteger(v)
      );
    });
    expect(bad).toEqual([]);
    expect(injected.cells.some((c) => c.original < 0)).toBe(true);
  });

  it('is deterministic, leaves rows alone at rate 0 and rejects bad rates', () => {
    const a = injectCorruption(rows.slice(0, 500), { missingRate: 0.1, outlierRate: 0.1 }, createRng(9));
    expect(injectCorruption(rows.slice(0, 500), { missingRate: 0.1, outlierRate: 0.1 }, createRng(9))).toEqual(a);
    const clean = injectCorruption(rows.slice(0, 500), { missingRate: 0, outlierRate: 0 }, createRng(9));
    expect(clean.rows).toEqual(rows.slice(0, 500));
    expect(clean.injected.cells).toEqual([]);
    expect(() => injectCorruption(rows, { missingRate: -0.1, outlierRate: 0 }, createRng(1))).toThrow(RangeError);
    expect(() => injectCorruption(rows, { missingRate: 0.7, outlierRate: 0.5 }, createRng(1))).toThrow(RangeError);
  });

  it('skips cells that are already missing', () => {
    const withNull = [{ ...rows[0], AGE: null }];
    const { injected } = injectCorruption(withNull, { missingRate: 0.5, outlierRate: 0.5 }, createRng(2));
    expect(injected.cellsConsidered).toBe(FEATURE_COLUMNS.length - 1);
    expect(injected.cells.some((c) => c.column === 'AGE')).toBe(false);
  });
});
