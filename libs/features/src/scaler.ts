// Standardises a numeric value on its fitted scale with the fit's mean and std (fitted on capped reference
// values), so the reference maps to mean 0 and std 1. A constant column (std 0) is only centred.
import { NumericColumn } from './columns';
import { PreprocessingFit } from './preprocessing-fit';
import { toFitScale } from './value-scale';

export function scaleValue(column: NumericColumn, value: number, fit: PreprocessingFit): number {
  const { mean, std } = fit.numeric[column].scaler;
  return (toFitScale(column, value) - mean) / (std > 0 ? std : 1);
}
