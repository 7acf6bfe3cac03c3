// Which implementation runs the TabTransformer's arithmetic: the fused WebAssembly kernel (one call per
// forward or backward pass) or tfjs ops (tab-transformer.ts, the reference). ML_KERNEL=tfjs forces the
// reference, e.g. to compare; where WebAssembly SIMD is missing the fused kernel cannot load and tfjs runs.
import { fusedKernelAvailable } from './fused-network';

export type KernelChoice = 'fused' | 'tfjs';

export function parseKernelChoice(value: string): KernelChoice {
  const v = value.trim().toLowerCase();
  if (v === 'fused' || v === 'tfjs') return v;
  throw new Error(`Unknown ML_KERNEL "${value}"; expected fused or tfjs`);
}

/** `requested` (else ML_KERNEL, else fused), downgraded to tfjs where the fused kernel cannot load. */
export function kernelChoice(requested?: KernelChoice, env: Record<string, string | undefined> = process.env): KernelChoice {
  const wanted = requested ?? (env['ML_KERNEL']?.trim() ? parseKernelChoice(env['ML_KERNEL']) : 'fused');
  return wanted === 'fused' && fusedKernelAvailable() ? 'fused' : 'tfjs';
}
