// Run-time choice of the tfjs backend. The native bindings (@tensorflow/tfjs-node[-gpu]) and WebGPU
// (@tensorflow/tfjs-backend-webgpu on Dawn's `webgpu` package) are optional packages that may be absent,
// so each candidate is loaded with a guarded require and the first one that initialises wins: native GPU
// → WebGPU on a hardware adapter → native CPU → WebAssembly → plain JS.
import * as tf from '@tensorflow/tfjs';
import { describeAdapter, provideWebGpu } from './webgpu-adapter';
import { optimiseWasmKernels } from './wasm-kernels';

export type BackendChoice = 'tfjs-node-gpu' | 'webgpu' | 'tfjs-node' | 'wasm' | 'cpu';

export const DEFAULT_BACKEND_ORDER: readonly BackendChoice[] = ['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'];

export type BackendLogger = (message: string) => void;

interface Candidate {
  /** Package that registers the backend when required (none for the built-in cpu backend). */
  module?: string;
  /** Name the backend registers under in tfjs. */
  backendName: string;
}

const CANDIDATES: Record<BackendChoice, Candidate> = {
  'tfjs-node-gpu': { module: '@tensorflow/tfjs-node-gpu', backendName: 'tensorflow' },
  webgpu: { module: '@tensorflow/tfjs-backend-webgpu', backendName: 'webgpu' },
  'tfjs-node': { module: '@tensorflow/tfjs-node', backendName: 'tensorflow' },
  wasm: { module: '@tensorflow/tfjs-backend-wasm', backendName: 'wasm' },
  cpu: { backendName: 'cpu' },
};

// Accepted spellings for TF_BACKEND, so operators can write the package or the tfjs backend name.
const ALIASES: Record<string, BackendChoice> = {
  'tfjs-node-gpu': 'tfjs-node-gpu',
  '@tensorflow/tfjs-node-gpu': 'tfjs-node-gpu',
  'node-gpu': 'tfjs-node-gpu',
  gpu: 'tfjs-node-gpu',
  webgpu: 'webgpu',
  '@tensorflow/tfjs-backend-webgpu': 'webgpu',
  dawn: 'webgpu',
  'tfjs-node': 'tfjs-node',
  '@tensorflow/tfjs-node': 'tfjs-node',
  node: 'tfjs-node',
  tensorflow: 'tfjs-node',
  wasm: 'wasm',
  '@tensorflow/tfjs-backend-wasm': 'wasm',
  cpu: 'cpu',
};

export function parseBackendChoice(value: string): BackendChoice {
  const choice = ALIASES[value.trim().toLowerCase()];
  if (!choice) {
    throw new Error(`Unknown tfjs backend "${value}"; expected one of ${Object.keys(ALIASES).join(', ')}`);
  }
  return choice;
}

// One selection per process: tfjs' engine is a global, so a second, different choice would silently
// move every model onto another backend. Later calls get the first answer.
let selection: Promise<BackendChoice> | undefined;

/**
 * Picks, sets and returns the backend (as a BackendChoice id). `preferred` is the order to try
 * (ids or aliases, default DEFAULT_BACKEND_ORDER); env TF_BACKEND, when set, forces one. The
 * logger gets one line naming the choice and anything skipped. Idempotent: every later call
 * resolves to the first call's choice. A forced backend that cannot load rejects rather than
 * quietly running somewhere slower than the operator asked for.
 */
export function selectBackend(
  preferred?: readonly string[],
  logger?: BackendLogger,
  env: Record<string, string | undefined> = process.env,
): Promise<BackendChoice> {
  if (!selection) {
    const attempt = (async () => choose(preferred?.map(parseBackendChoice), logger ?? (() => undefined), env))();
    selection = attempt;
    // A failed selection must not stick: a later call may try again (e.g. after fixing TF_BACKEND).
    attempt.catch(() => {
      if (selection === attempt) selection = undefined;
    });
  }
  return selection;
}

/** The choice made so far, if any (for health endpoints). */
export async function currentBackend(): Promise<BackendChoice | undefined> {
  return selection ? selection.catch(() => undefined) : undefined;
}

/**
 * The choice whose backend tfjs runs on now, for another thread to select the same: the selection if
 * one was made, else read back from tfjs' active backend (its "tensorflow" read as tfjs-node).
 */
export async function activeBackendChoice(): Promise<BackendChoice> {
  const chosen = await currentBackend();
  if (chosen) return chosen;
  const name = tf.getBackend();
  const match = [...DEFAULT_BACKEND_ORDER].reverse().find((c) => CANDIDATES[c].backendName === name);
  if (!match) throw new Error(`tfjs backend "${name}" is none of ${DEFAULT_BACKEND_ORDER.join(', ')}`);
  return match;
}

/** Forget the cached choice. Tests only: tfjs itself keeps whichever backend was set last. */
export function resetBackendSelectionForTests(): void {
  selection = undefined;
}

async function choose(
  preferred: BackendChoice[] | undefined,
  log: BackendLogger,
  env: Record<string, string | undefined>,
): Promise<BackendChoice> {
  const forced = env['TF_BACKEND']?.trim();
  if (forced) {
    const choice = parseBackendChoice(forced);
    const notes: string[] = [];
    const failure = await tryBackend(choice, true, notes);
    if (failure) throw new Error(`TF_BACKEND=${forced} requested but unavailable: ${failure}`);
    log(`tfjs backend: ${choice}${notes.map((n) => ` ${n}`).join('')} (forced by TF_BACKEND)`);
    return choice;
  }
  const order = preferred?.length ? preferred : DEFAULT_BACKEND_ORDER;
  const failures: string[] = [];
  for (const choice of order) {
    const notes: string[] = [];
    const failure = await tryBackend(choice, false, notes);
    if (!failure) {
      log(`tfjs backend: ${choice}${notes.map((n) => ` ${n}`).join('')}${failures.length ? ` (skipped ${failures.join('; ')})` : ''}`);
      return choice;
    }
    failures.push(`${choice}: ${failure}`);
  }
  throw new Error(`No tfjs backend could be initialised (${failures.join('; ')})`);
}

/**
 * Loads and activates one candidate; returns why it failed, or undefined on success (`notes` gets what
 * the log line should add, e.g. the GPU adapter). `forced`: the operator named it, so WebGPU takes even
 * a software adapter.
 */
async function tryBackend(choice: BackendChoice, forced: boolean, notes: string[]): Promise<string | undefined> {
  const candidate = CANDIDATES[choice];
  if (choice === 'webgpu') {
    // tfjs-backend-webgpu registers itself only if navigator.gpu exists when it is required.
    const provision = await provideWebGpu(forced);
    if (provision.refused) return provision.refused;
    if (provision.adapter) notes.push(`on ${describeAdapter(provision.adapter)}`);
  }
  // A bundle that carries a backend registers it before the chain runs (bench/gpu-kit-entry.ts): the
  // package cannot be required by name there, and need not be.
  if (candidate.module && !tf.findBackendFactory(candidate.backendName)) {
    try {
      // Plain require so bundlers leave it alone and a missing optional package is just an exception.
      require(candidate.module);
    } catch (err) {
      return `cannot load ${candidate.module} (${firstLine(err)})`;
    }
  }
  // A package with its own nested copy of tfjs-core registers into a different engine; ours would
  // not see it, so check registration here rather than trusting that require() succeeded.
  if (!tf.findBackendFactory(candidate.backendName)) {
    return `${candidate.module ?? choice} did not register backend "${candidate.backendName}" with this tfjs`;
  }
  try {
    if (choice === 'wasm') optimiseWasmKernels();
    const ok = await tf.setBackend(candidate.backendName);
    if (!ok) return `tf.setBackend("${candidate.backendName}") returned false`;
    await tf.ready();
  } catch (err) {
    return `initialisation failed (${firstLine(err)})`;
  }
  return undefined;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0].slice(0, 200);
}
