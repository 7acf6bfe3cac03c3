// Checks a generator model read back from storage (JSON) before it is sampled from.
import { FEATURE_COLUMNS } from '@loan/features';
import { CLASS_COPULA_KIND, CLASS_COPULA_SCHEMA_VERSION, type ClassConditionalCopulaModel } from './class-conditional-copula';
import { COPULA_SCHEMA_VERSION, type CopulaModel } from './gaussian-copula';
import { MODEL_COLUMNS } from './model-columns';

function fail(message: string): never {
  throw new Error(`Invalid copula model: ${message}`);
}

function isFiniteArray(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Checks one copula over the expected columns; `where` prefixes messages (e.g. 'classes[1].'). */
function checkCopula(value: unknown, expected: readonly string[], where: string): void {
  if (typeof value !== 'object' || value === null) fail(`${where || 'model '}not an object`.trim());
  const m = value as Record<string, unknown>;
  if (m['schemaVersion'] !== COPULA_SCHEMA_VERSION) fail(`${where}schemaVersion ${String(m['schemaVersion'])}, expected ${COPULA_SCHEMA_VERSION}`);
  if (m['kind'] !== 'gaussian-copula') fail(`${where}kind ${String(m['kind'])}`);
  const columns = m['columns'];
  if (!Array.isArray(columns) || columns.length !== expected.length || columns.some((c, i) => c !== expected[i])) {
    fail(`${where}columns must be ${expected.join(',')}`);
  }
  const marginals = m['marginals'];
  if (!Array.isArray(marginals) || marginals.length !== columns.length) fail(`${where}one marginal per column needed`);
  marginals.forEach((mg: Record<string, unknown>, i) => {
    if (mg?.['column'] !== columns[i]) fail(`${where}marginal ${i} is for ${String(mg?.['column'])}, expected ${columns[i]}`);
    if (mg['kind'] === 'discrete') {
      const { values, cdf } = mg as { values: unknown; cdf: unknown };
      if (!isFiniteArray(values) || !isFiniteArray(cdf) || values.length === 0 || values.length !== cdf.length || cdf[cdf.length - 1] !== 1) {
        fail(`${where}marginal ${columns[i]}: values/cdf malformed`);
      }
    } else if (mg['kind'] === 'quantile') {
      if (!isFiniteArray(mg['quantiles']) || (mg['quantiles'] as number[]).length < 2) fail(`${where}marginal ${columns[i]}: quantiles malformed`);
    } else {
      fail(`${where}marginal ${columns[i]}: unknown kind ${String(mg['kind'])}`);
    }
  });
  const l = m['cholesky'];
  if (!Array.isArray(l) || l.length !== columns.length || l.some((row, i) => !isFiniteArray(row) || row.length !== i + 1 || !(row[i] > 0))) {
    fail(`${where}cholesky must be lower-triangular rows with a positive diagonal`);
  }
  if (typeof m['fittedRows'] !== 'number') fail(`${where}fittedRows missing`);
}

/**
 * Validates an unknown value as a (legacy, joint) CopulaModel over the schema's 24 columns (features +
 * label): version, column order, marginal tables and the Cholesky factor's shape. Returns it typed.
 */
export function parseCopulaModel(value: unknown): CopulaModel {
  checkCopula(value, MODEL_COLUMNS, '');
  return value as CopulaModel;
}

/**
 * Validates an unknown value as the generator's current model, the class-conditional copula
 * (schemaVersion 2): prior, and one copula over the 23 features per class. A stored model of an older
 * kind or version fails here, so the generator refits instead of misreading it.
 */
export function parseDistributionModel(value: unknown): ClassConditionalCopulaModel {
  if (typeof value !== 'object' || value === null) fail('not an object');
  const m = value as Record<string, unknown>;
  if (m['kind'] !== CLASS_COPULA_KIND) fail(`kind ${String(m['kind'])}, expected ${CLASS_COPULA_KIND}`);
  if (m['schemaVersion'] !== CLASS_COPULA_SCHEMA_VERSION) fail(`schemaVersion ${String(m['schemaVersion'])}, expected ${CLASS_COPULA_SCHEMA_VERSION}`);
  const columns = m['columns'];
  if (!Array.isArray(columns) || columns.length !== FEATURE_COLUMNS.length || columns.some((c, i) => c !== FEATURE_COLUMNS[i])) {
    fail(`columns must be ${FEATURE_COLUMNS.join(',')}`);
  }
  const prior = m['prior'];
  if (typeof prior !== 'number' || !(prior > 0 && prior < 1)) fail('prior must be a number in (0, 1)');
  const classes = m['classes'];
  if (!Array.isArray(classes) || classes.length !== 2) fail('classes must hold two copulas (label 0, label 1)');
  classes.forEach((c, i) => checkCopula(c, FEATURE_COLUMNS, `classes[${i}].`));
  if (typeof m['fittedRows'] !== 'number') fail('fittedRows missing');
  return value as ClassConditionalCopulaModel;
}
