// A small pure L2-regularised logistic regression fitted by Newton's method (IRLS) on sparse rows:
// the baseline the fidelity report uses to check that synthetic rows keep P(default | features).
// Rows are sparse because one-hot categoricals and bins dominate, so the Hessian costs nnz² per row
// rather than p² (20,000 rows × ~25 non-zeros fit in well under a second).

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { abs, exp, max, sqrt } = Math;

/** Sparse feature rows in CSR form over `width` features (the intercept is implicit). */
export interface SparseRows {
  width: number;
  /** offsets[r]..offsets[r+1] index row r's entries. */
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface LogisticModel {
  /** Intercept first, then one weight per feature. */
  weights: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface LogisticFitOptions {
  /** L2 penalty on the weights (not the intercept), in units of the summed log-likelihood (default 1). */
  l2?: number;
  maxIterations?: number;
  /** Stops when the largest Newton step is below this (default 1e-6). */
  tolerance?: number;
}

/** Builds CSR rows from per-row (index, value) lists. */
export function sparseRows(width: number, rows: readonly (readonly [number, number][])[]): SparseRows {
  let nnz = 0;
  for (const r of rows) nnz += r.length;
  const offsets = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  rows.forEach((r, i) => {
    for (const [j, v] of r) {
      if (!(j >= 0 && j < width)) throw new RangeError(`Feature index ${j} outside [0, ${width})`);
      indices[k] = j;
      values[k++] = v;
    }
    offsets[i + 1] = k;
  });
  return { width, offsets, indices, values };
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x));
}

function linearPredictor(weights: Float64Array, x: SparseRows, r: number): number {
  let eta = weights[0];
  for (let k = x.offsets[r]; k < x.offsets[r + 1]; k++) eta += weights[x.indices[k] + 1] * x.values[k];
  return eta;
}

/** Solves the symmetric positive-definite system A·x = b (dense, row-major p×p) in place by Cholesky. */
function solveSpd(a: Float64Array, b: Float64Array, p: number): Float64Array {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j];
    for (let k = 0; k < j; k++) d -= a[j * p + k] * a[j * p + k];
    if (!(d > 0)) throw new Error(`Hessian is not positive definite at ${j}`);
    const ljj = sqrt(d);
    a[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = s / ljj;
    }
  }
  const y = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < i; k++) y[i] -= a[i * p + k] * y[k];
    y[i] /= a[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    for (let k = i + 1; k < p; k++) y[i] -= a[k * p + i] * y[k];
    y[i] /= a[i * p + i];
  }
  return y;
}

/** Fits P(y = 1 | x) = σ(w₀ + w·x). Deterministic; labels must be 0/1 with both present. */
export function fitLogistic(x: SparseRows, labels: ArrayLike<number>, options: LogisticFitOptions = {}): LogisticModel {
  const n = x.offsets.length - 1;
  if (labels.length !== n) throw new RangeError(`${n} rows but ${labels.length} labels`);
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 30;
  const tolerance = options.tolerance ?? 1e-6;
  const p = x.width + 1;
  const weights = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  const gradient = new Float64Array(p);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    hessian.fill(0);
    gradient.fill(0);
    for (let r = 0; r < n; r++) {
      const mu = sigmoid(linearPredictor(weights, x, r));
      const w = max(mu * (1 - mu), 1e-10);
      const residual = labels[r] - mu;
      const start = x.offsets[r];
      const end = x.offsets[r + 1];
      gradient[0] += residual;
      hessian[0] += w;
      for (let k = start; k < end; k++) {
        const i = x.indices[k] + 1;
        const wi = w * x.values[k];
        gradient[i] += residual * x.values[k];
        hessian[i * p] += wi; // lower triangle only: row i, column 0
        for (let m = start; m < end; m++) {
          const j = x.indices[m] + 1;
          if (j <= i) hessian[i * p + j] += wi * x.values[m];
        }
      }
    }
    for (let i = 1; i < p; i++) {
      hessian[i * p + i] += l2;
      gradient[i] -= l2 * weights[i];
    }
    const step = solveSpd(hessian, gradient, p);
    let largest = 0;
    for (let i = 0; i < p; i++) {
      weights[i] += step[i];
      largest = max(largest, abs(step[i]));
    }
    if (largest < tolerance) return { weights, iterations: iteration, converged: true };
  }
  return { weights, iterations: maxIterations, converged: false };
}

/** Predicted probabilities for each row. */
export function predictLogistic(model: LogisticModel, x: SparseRows): Float64Array {
  const n = x.offsets.length - 1;
  if (x.width + 1 !== model.weights.length) throw new RangeError(`Model has ${model.weights.length - 1} features, rows have ${x.width}`);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[r] = sigmoid(linearPredictor(model.weights, x, r));
  return out;
}
