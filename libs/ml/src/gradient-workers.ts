// Data-parallel training on more than one core. tfjs' wasm backend and the fused kernel each run on one
// thread in Node (wasm threads need browser Workers), so a training step uses one of the machine's
// cores. Here each batch is split: the main thread computes the gradients of its share while each
// worker thread (its own tfjs engine and replica of the model, or its own fused kernel instance)
// computes those of another share. The loss is a mean over rows, so with each share's row weights
// scaled by its fraction of the batch the shares' losses and gradients add up to exactly the full
// batch's, and the one optimiser on the main thread applies the sum. Workers receive the current weights
// with every step, so they hold no optimiser state and can never drift from the main model.
// Compute only: no files, sockets or databases. The thread entry is a script the caller names (an app's
// bundle calls runGradientWorkerIfAsked() first thing), because a library inside a bundle has no file of
// its own to start a thread on.
import * as tf from '@tensorflow/tfjs';
import { isMainThread, MessagePort, parentPort, Worker, workerData } from 'node:worker_threads';
import { BackendChoice, selectBackend } from './backend';
import { EncodedMatrix } from './encoded-matrix';
import { FusedNetwork } from './fused/fused-network';
import { weightedBceWithLogits } from './loss';
import { Prng } from './prng';
import { TabTransformer } from './tab-transformer';
import { TabTransformerConfig } from './tab-transformer-config';
import { WeightMap } from './weight-map';

const ROLE = 'loan-gradient-worker';
/** A worker thread loads the whole entry bundle and tfjs before it answers; this is generous. */
const START_TIMEOUT_MS = 60_000;

/** One share of a batch: its rows, labels (0/1) and per-row loss weights (already scaled by the share's fraction). */
export interface BatchShare {
  batch: EncodedMatrix;
  labels: Float32Array;
  weights: Float32Array;
}

export interface ShareGradients {
  /** Mean weighted loss over the share's rows (a part of the batch's, through the scaled weights). */
  loss: number;
  /** Gradient of that mean per trainable variable name. */
  grads: Record<string, Float32Array>;
}

/** A share's gradients from the fused kernel: over the parameter range [from, end) of its flat buffer. */
export interface FusedShareGradients {
  loss: number;
  grads: Float32Array;
}

/** Where a pre-training detector's weights and biases sit in the fused kernel's parameter buffer. */
export interface DetectorOffsets {
  w: number;
  b: number;
}

/** A replaced-token-detection share: its (corrupted) rows, a 0/1 target per categorical cell, its dropout seed. */
export interface DetectionShare {
  batch: EncodedMatrix;
  targets: Float32Array;
  seed: number;
}

/** A detection share's mean loss over its cells, its cells' logits, and the gradients of the whole buffer. */
export interface DetectionShareGradients {
  loss: number;
  logits: Float32Array;
  grads: Float32Array;
}

/** A fused-kernel share: its rows, labels and weights, and the seed of its dropout masks. */
export interface FusedShare extends BatchShare {
  seed: number;
}

type Request =
  | { kind: 'ping' }
  | { kind: 'model'; config: TabTransformerConfig; weights: WeightMap; seed: number; backend: BackendChoice }
  | { kind: 'step'; weights: WeightMap; trainable: string[]; share: BatchShare }
  | { kind: 'fused-model'; config: TabTransformerConfig; extra: number }
  | { kind: 'fused-step'; params: Float32Array; from: number; freezeEncoder: boolean; share: FusedShare }
  | { kind: 'fused-detection-step'; params: Float32Array; detector: DetectorOffsets; share: DetectionShare };
type Reply =
  | { kind: 'ready' }
  | { kind: 'gradients'; result: ShareGradients }
  | { kind: 'fused-gradients'; result: FusedShareGradients }
  | { kind: 'fused-detection-gradients'; result: DetectionShareGradients }
  | { kind: 'error'; message: string };

/** What the pool talks to: a Worker, or one end of a MessageChannel (tests serve it in-thread). */
interface Port {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape both Worker and MessagePort declare
  on(event: string, listener: (...args: any[]) => void): unknown;
}

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

/** The share's loss and gradients on `model` (dropout masks from `rng`); the caller owns the tensors. */
export function shareGradients(model: TabTransformer, share: BatchShare, vars: tf.Variable[], rng: Prng): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  return tf.tidy(() => {
    const y = tf.tensor1d(share.labels);
    const w = tf.tensor1d(share.weights);
    return tf.variableGrads(() => weightedBceWithLogits(model.logits(share.batch, rng), y, w), vars);
  });
}

/**
 * Worker threads that compute gradients of batch shares. Start it once per process (threads - 1
 * workers: the main thread is one of the threads) and hand it to trainClassifier({ workers }).
 */
export class GradientWorkerPool {
  private closed = false;
  private failure?: Error;
  /** At most one request is in flight per port: a step waits for every share before the next. */
  private readonly pending = new Map<Port, Pending>();

  private constructor(
    private readonly ports: Port[],
    private readonly stop: () => Promise<void>,
  ) {
    for (const port of ports) {
      port.on('message', (reply: Reply) => {
        const waiting = this.pending.get(port);
        this.pending.delete(port);
        if (reply.kind === 'error') waiting?.reject(new Error(`gradient worker: ${reply.message}`));
        else waiting?.resolve(reply);
      });
    }
  }

  /** A worker that died fails its request and every later one, instead of hanging training. */
  private fail(port: Port, error: Error): void {
    this.failure ??= error;
    this.pending.get(port)?.reject(error);
    this.pending.delete(port);
  }

  /**
   * `threads - 1` worker threads running `entry` (a script that calls runGradientWorkerIfAsked() before
   * anything else). Resolves once each has answered, so a bad entry fails here, not mid-training.
   */
  static async start(threads: number, entry: string): Promise<GradientWorkerPool> {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be an integer ≥ 1, got ${threads}`);
    const workers = Array.from({ length: threads - 1 }, () => new Worker(entry, { workerData: { role: ROLE }, stdout: false, stderr: false }));
    const pool = new GradientWorkerPool(workers, async () => void (await Promise.all(workers.map((w) => w.terminate()))));
    for (const w of workers) {
      w.on('error', (e) => pool.fail(w, e));
      w.on('exit', (code) => pool.fail(w, new Error(`gradient worker exited (code ${code})`)));
      w.unref();
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS)));
    try {
      await Promise.race([Promise.all(workers.map((w) => pool.request(w, { kind: 'ping' }))), timeout]);
      clearTimeout(timer);
    } catch (e) {
      clearTimeout(timer);
      await pool.close();
      throw new Error(`gradient workers did not start from ${entry}: ${(e as Error).message}`);
    }
    return pool;
  }

  /** A pool over ports already served by serveGradients (tests: MessageChannel ends in one thread). */
  static overPorts(ports: MessagePort[]): GradientWorkerPool {
    return new GradientWorkerPool(ports, async () => ports.forEach((p) => p.close()));
  }

  /** Threads a step is split over, the main thread included. */
  get threads(): number {
    return this.ports.length + 1;
  }

  /** Builds each worker's replica of a model (its full weights) before a training run. */
  async load(model: TabTransformer, seed: number, backend: BackendChoice): Promise<void> {
    const weights = await model.exportWeights();
    await Promise.all(this.ports.map((p, k) => this.request(p, { kind: 'model', config: model.config, weights, seed: seed + 7919 * (k + 1), backend })));
  }

  /** Sends one share to each worker, with the current values of the trainable weights. */
  gradients(weights: WeightMap, trainable: string[], shares: BatchShare[]): Promise<ShareGradients[]> {
    return this.eachShare<BatchShare, ShareGradients>(shares, (share) => [{ kind: 'step', weights, trainable, share }]);
  }

  /** Builds each worker's fused kernel for a model of this shape before a training run (with `extra` parameters after the model's: a pre-training detector). */
  async loadFused(config: TabTransformerConfig, extra = 0): Promise<void> {
    await Promise.all(this.ports.map((p) => this.request(p, { kind: 'fused-model', config, extra })));
  }

  /**
   * Sends one share to each worker with the current parameters; each answers its loss and the
   * gradients of parameters [from, end) (from = the head's start when only the head trains).
   */
  fusedGradients(params: Float32Array, from: number, freezeEncoder: boolean, shares: FusedShare[]): Promise<FusedShareGradients[]> {
    return this.eachShare<FusedShare, FusedShareGradients>(shares, (share) => {
      const copy = params.slice();
      return [{ kind: 'fused-step', params: copy, from, freezeEncoder, share }, [copy.buffer as ArrayBuffer]];
    });
  }

  /** Sends one detection share to each worker with the current parameters (model and detector). */
  fusedDetectionGradients(params: Float32Array, detector: DetectorOffsets, shares: DetectionShare[]): Promise<DetectionShareGradients[]> {
    return this.eachShare<DetectionShare, DetectionShareGradients>(shares, (share) => {
      const copy = params.slice();
      return [{ kind: 'fused-detection-step', params: copy, detector, share }, [copy.buffer as ArrayBuffer]];
    });
  }

  /**
   * One request per worker, each with its share, and the results of the replies in worker order. `ask`
   * runs for every worker before any reply is awaited, so a parameter buffer it copies (each worker gets
   * its own copy, moved rather than cloned) is read as it is now, not after the caller's next step.
   */
  private eachShare<S, R>(shares: S[], ask: (share: S) => [Request, ArrayBuffer[]?]): Promise<R[]> {
    if (shares.length !== this.ports.length) throw new Error(`${shares.length} shares for ${this.ports.length} workers`);
    return Promise.all(
      this.ports.map(async (p, k) => {
        const [message, transfer] = ask(shares[k]);
        return ((await this.request(p, message, transfer)) as Extract<Reply, { result: unknown }>).result as R;
      }),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiting of this.pending.values()) waiting.reject(new Error('gradient worker pool is closed'));
    this.pending.clear();
    await this.stop();
  }

  private request(port: Port, message: Request, transfer?: ArrayBuffer[]): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('gradient worker pool is closed'));
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending.has(port)) return Promise.reject(new Error('a gradient request is already in flight on this worker'));
    // A waiting worker keeps the process alive (an idle one must not: the pool lives as long as the app).
    const worker = port instanceof Worker ? port : undefined;
    worker?.ref();
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(port, { resolve, reject });
      port.postMessage(message, transfer);
    }).finally(() => worker?.unref());
  }
}

/** The worker's side of the protocol on `port`: one model replica, one request at a time. */
export function serveGradients(port: Port): void {
  let model: TabTransformer | undefined;
  let fused: FusedNetwork | undefined;
  let rng = new Prng(1);
  const listener = (message: Request) => {
    void (async () => {
      try {
        if (message.kind === 'ping') return port.postMessage({ kind: 'ready' } satisfies Reply);
        if (message.kind === 'fused-model') {
          fused?.dispose();
          fused = new FusedNetwork(message.config);
          if (message.extra > 0) fused.extend(message.extra);
          return port.postMessage({ kind: 'ready' } satisfies Reply);
        }
        if (message.kind === 'fused-detection-step') {
          if (!fused) throw new Error('detection step before detection model');
          fused.params().set(message.params);
          const { loss, logits } = fused.detectionGradients(message.share.batch, message.share.targets, message.share.seed, message.detector);
          const grads = fused.grads().slice();
          const result: DetectionShareGradients = { loss, logits, grads };
          return port.postMessage({ kind: 'fused-detection-gradients', result } satisfies Reply, [grads.buffer as ArrayBuffer, logits.buffer as ArrayBuffer]);
        }
        if (message.kind === 'fused-step') {
          if (!fused) throw new Error('fused step before fused model');
          fused.params().set(message.params);
          const loss = fused.gradients(message.share, message.share.seed, message.freezeEncoder);
          const grads = fused.grads().slice(message.from, fused.size);
          return port.postMessage({ kind: 'fused-gradients', result: { loss, grads } } satisfies Reply, [grads.buffer as ArrayBuffer]);
        }
        if (message.kind === 'model') {
          await selectBackend([message.backend]);
          model?.dispose();
          model = new TabTransformer(message.config);
          model.importWeights(message.weights, true);
          rng = new Prng(message.seed);
          return port.postMessage({ kind: 'ready' } satisfies Reply);
        }
        if (!model) throw new Error('step before model');
        model.importWeights(message.weights);
        const replica = model;
        // Gradients travel under the model's own parameter names; tfjs' variable names differ per engine.
        const wanted = new Set(message.trainable);
        const names = replica.params.names((n) => wanted.has(n));
        const { value, grads } = shareGradients(replica, message.share, names.map((n) => replica.params.get(n)), rng);
        const result: ShareGradients = { loss: 0, grads: {} };
        try {
          result.loss = (await value.data())[0];
          for (const name of names) result.grads[name] = new Float32Array(await grads[replica.params.get(name).name].data());
        } finally {
          tf.dispose([value, ...Object.values(grads)]);
        }
        port.postMessage({ kind: 'gradients', result } satisfies Reply);
      } catch (e) {
        port.postMessage({ kind: 'error', message: (e as Error).message } satisfies Reply);
      }
    })();
  };
  port.on('message', listener);
}

/**
 * Call first thing in a script that may be started as a gradient worker: in such a thread it serves
 * gradients and returns true (the script must then do nothing else); elsewhere it returns false.
 */
export function runGradientWorkerIfAsked(): boolean {
  if (isMainThread) {
    // This process's entry script knows the protocol: threads may be started from it.
    entryScript ??= require.main?.filename;
    return false;
  }
  if (!parentPort || (workerData as { role?: string } | null)?.role !== ROLE) return false;
  serveGradients(parentPort as unknown as Port);
  return true;
}

let entryScript: string | undefined;

/**
 * The entry script of this process if it called runGradientWorkerIfAsked() (so threads started from it
 * serve gradients); undefined otherwise (e.g. under a test runner), where training stays on one thread.
 */
export function gradientWorkerEntry(): string | undefined {
  return entryScript;
}
