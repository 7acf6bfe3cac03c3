// Weights as plain data (name → shape + float32 values). Used to hand weights between models
// (pre-trained encoder → classifier), to snapshot the best epoch, and to serialise. Plain arrays
// rather than tensors, so holding on to them can never leak tensor memory.

export interface WeightEntry {
  shape: number[];
  values: Float32Array;
}

export type WeightMap = Record<string, WeightEntry>;

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
