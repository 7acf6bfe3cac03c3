// Small dense linear algebra for correlation matrices (24×24 here): eigen-decomposition,
// positive-definite repair and Cholesky. Matrices are arrays of rows.

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { abs, max, min, sign, sqrt } = Math;

export type Matrix = number[][];

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: A = V·diag(values)·Vᵀ. */
export function symmetricEigen(matrix: Matrix, maxSweeps = 100): { values: number[]; vectors: Matrix } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: Matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = sign(theta || 1) / (abs(theta) + sqrt(theta * theta + 1));
        const c = 1 / sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]), vectors: v };
}

/**
 * Repairs a correlation matrix that is not safely positive definite (pairwise estimates need not
 * be jointly consistent): clips eigenvalues below minEigenvalue, rebuilds, and rescales to a unit
 * diagonal. Returns the input unchanged (copied) when it is already fine.
 */
export function nearestCorrelationMatrix(matrix: Matrix, minEigenvalue = 1e-6): Matrix {
  const n = matrix.length;
  const { values, vectors } = symmetricEigen(matrix);
  if (min(...values) >= minEigenvalue) return matrix.map((row) => [...row]);
  const clipped = values.map((v) => max(v, minEigenvalue));
  const rebuilt: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += vectors[i][k] * clipped[k] * vectors[j][k];
      rebuilt[i][j] = sum;
      rebuilt[j][i] = sum;
    }
  }
  const scale = rebuilt.map((row, i) => 1 / sqrt(row[i]));
  return rebuilt.map((row, i) => row.map((x, j) => (i === j ? 1 : x * scale[i] * scale[j])));
}

/**
 * Cholesky factor of a symmetric positive-definite matrix, as ragged lower-triangular rows
 * (row i holds L[i][0..i]) — compact in JSON. Throws if the matrix is not positive definite.
 */
export function choleskyLower(matrix: Matrix): Matrix {
  const n = matrix.length;
  const l: Matrix = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(i + 1).fill(0);
    for (let j = 0; j <= i; j++) {
      const lj = j === i ? row : l[j];
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= row[k] * lj[k];
      if (i === j) {
        if (!(sum > 0)) throw new Error(`Matrix is not positive definite (pivot ${i} = ${sum})`);
        row[j] = sqrt(sum);
      } else {
        row[j] = sum / l[j][j];
      }
    }
    l.push(row);
  }
  return l;
}

/** L·Lᵀ for a ragged lower-triangular factor: recovers the correlation matrix. */
export function lowerTimesTranspose(lower: Matrix): Matrix {
  const n = lower.length;
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k <= j; k++) sum += lower[i][k] * lower[j][k];
      out[i][j] = sum;
      out[j][i] = sum;
    }
  }
  return out;
}

/** Pearson correlation of two equally long series; 0 when either is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
}
