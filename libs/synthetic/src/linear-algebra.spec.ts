import { choleskyLower, lowerTimesTranspose, nearestCorrelationMatrix, pearson, symmetricEigen } from './linear-algebra';

describe('linear algebra', () => {
  const a = [
    [4, 1, 0.5],
    [1, 3, 0.2],
    [0.5, 0.2, 2],
  ];

  it('eigen-decomposes a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(a);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += vectors[i][k] * values[k] * vectors[j][k];
        expect(sum).toBeCloseTo(a[i][j], 10);
      }
    }
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(9, 10);
  });

  it('Cholesky factor reproduces the matrix and rejects indefinite input', () => {
    const l = choleskyLower(a);
    expect(l.map((row) => row.length)).toEqual([1, 2, 3]);
    const back = lowerTimesTranspose(l);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(back[i][j]).toBeCloseTo(a[i][j], 12);
    expect(() => choleskyLower([[1, 2], [2, 1]])).toThrow(/not positive definite/);
  });

  it('repairs an inconsistent correlation matrix into a positive-definite one with unit diagonal', () => {
    const bad = [
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ];
    expect(Math.min(...symmetricEigen(bad).values)).toBeLessThan(0);
    const fixed = nearestCorrelationMatrix(bad, 1e-4);
    expect(Math.min(...symmetricEigen(fixed).values)).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect(fixed[i][i]).toBeCloseTo(1, 12);
    expect(() => choleskyLower(fixed)).not.toThrow();
    expect(Math.sign(fixed[0][1])).toBe(1);
  });

  it('pearson correlation', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBe(0);
  });
});
