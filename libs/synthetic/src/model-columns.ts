// The columns the copula models by default: the 23 features in dataset order, then the label.
import { CATEGORICAL_COLUMNS, FEATURE_COLUMNS, LABEL_COLUMN, NUMERIC_COLUMNS } from '@loan/features';
import type { ColumnRole } from './marginals';

export type ModelColumn = (typeof FEATURE_COLUMNS)[number] | typeof LABEL_COLUMN;

export const MODEL_COLUMNS: readonly ModelColumn[] = [...FEATURE_COLUMNS, LABEL_COLUMN];

/** A column to model and how. */
export interface CopulaColumnSpec<C extends string = string> {
  name: C;
  role: ColumnRole;
}

export function roleOf(column: ModelColumn): ColumnRole {
  if (column === LABEL_COLUMN) return 'label';
  return (CATEGORICAL_COLUMNS as readonly string[]).includes(column) ? 'categorical' : 'numeric';
}

/** Default column specs: every schema column with its role. */
export const MODEL_COLUMN_SPECS: readonly CopulaColumnSpec<ModelColumn>[] = MODEL_COLUMNS.map((name) => ({ name, role: roleOf(name) }));

export function isModelColumn(name: string): name is ModelColumn {
  return (MODEL_COLUMNS as readonly string[]).includes(name);
}

export function isNumericColumn(name: string): name is (typeof NUMERIC_COLUMNS)[number] {
  return (NUMERIC_COLUMNS as readonly string[]).includes(name);
}
