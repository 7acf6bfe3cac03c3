// Checks a copula model read back from storage (JSON) before it is sampled from.
import { COPULA_SCHEMA_VERSION, type CopulaModel } from './gaussian-copula';
import { MODEL_COLUMNS } from './model-columns';

function fail(message: string): never {
  throw new Error(`Invalid copula model: ${message}`);
}

function isFiniteArray(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/**
 * Validates an unknown value as a CopulaModel over the schema's 24 columns (features + label):
 * version, column order, marginal tables and the Cholesky factor's shape. Returns it typed.
 */
export function parseCopulaModel(value: unknown): CopulaModel {
  if (typeof value !== 'object' || value === null) fail('not an object');
  const m = value as Record<string, unknown>;
  if (m['schemaVersion'] !== COPULA_SCHEMA_VERSION) fail(`schemaVersion ${String(m['schemaVersion'])}, expected ${COPULA_SCHEMA_VERSION}`);
  if (m['kind'] !== 'gaussian-copula') fail(`kind ${String(m['kind'])}`);
  const columns = m['columns'];
  if (!Array.isArray(columns) || columns.length !== MODEL_COLUMNS.length || columns.some((c, i) => c !== MODEL_COLUMNS[i])) {
    fail(`columns must be ${MODEL_COLUMNS.join(',')}`);
  }
  const marginals = m['marginals'];
  if (!Array.isArray(marginals) || marginals.length !== columns.length) fail('one marginal per column needed');
  marginals.forEach((mg: Record<string, unknown>, i) => {
    if (mg?.['column'] !== columns[i]) fail(`marginal ${i} is for ${String(mg?.['column'])}, expected ${columns[i]}`);
    if (mg['kind'] === 'discrete') {
      const { values, cdf } = mg as { values: unknown; cdf: unknown };
      if (!isFiniteArray(values) || !isFiniteArray(cdf) || values.length === 0 || values.length !== cdf.length || cdf[cdf.length - 1] !== 1) {
        fail(`marginal ${columns[i]}: values/cdf malformed`);
      }
    } else if (mg['kind'] === 'quantile') {
      if (!isFiniteArray(mg['quantiles']) || (mg['quantiles'] as number[]).length < 2) fail(`marginal ${columns[i]}: quantiles malformed`);
    } else {
      fail(`marginal ${columns[i]}: unknown kind ${String(mg['kind'])}`);
    }
  });
  const l = m['cholesky'];
  if (!Array.isArray(l) || l.length !== columns.length || l.some((row, i) => !isFiniteArray(row) || row.length !== i + 1 || !(row[i] > 0))) {
    fail('cholesky must be lower-triangular rows with a positive diagonal');
  }
  if (typeof m['fittedRows'] !== 'number') fail('fittedRows missing');
  return value as CopulaModel;
}
