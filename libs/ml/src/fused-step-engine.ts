// The training step on the fused kernel: the batch's loss and gradients in one kernel call per share,
// then Adam, decoupled weight decay and the moving average in the kernel's buffer (the same rules as
// tfjs-step-engine.ts). The model's tfjs variables are written only when an epoch is evaluated.
// With a GradientWorkerPool, the other threads' kernel instances take shares of each batch and their
// gradients are added before the one optimiser step here.
import { EncodedMatrix, sliceRows } from './encoded-matrix';
import { FusedNetwork } from './fused/fused-network';
import { FusedShare, GradientWorkerPool } from './gradient-workers';
import { isHeadParam } from './parameter-specs';
import { Prng } from './prng';
import { sharesFor, shareWeights, StepEngine, StepEngineOptions } from './step-engine';
import { TabTransformer } from './tab-transformer';
import { WeightMap } from './weight-map';

export class FusedStepEngine implements StepEngine {
  private readonly net: FusedNetwork;
  /** First trained parameter: 0, or the head's start when the encoder is frozen. */
  private readonly from: number;
  /** Weight matrices (rank ≥ 2) among the trained parameters: the ones weight decay shrinks. */
  private readonly decayed: { offset: number; size: number }[];
  private readonly snapshotFilter?: (name: string) => boolean;
  private readonly dropoutRng: Prng;
  private steps = 0;

  private constructor(
    private readonly model: TabTransformer,
    private readonly options: StepEngineOptions,
    private readonly pool: GradientWorkerPool | undefined,
    weights: WeightMap,
  ) {
    if (options.emaDecay !== 0 && !(options.emaDecay > 0 && options.emaDecay < 1)) throw new Error(`emaDecay must be in (0, 1), got ${options.emaDecay}`);
    this.net = new FusedNetwork(model.config);
    this.net.setWeights(weights);
    this.from = options.freezeEncoder ? this.net.layout.headStart : 0;
    this.decayed = this.net.layout.blocks.filter((b) => b.shape.length >= 2 && b.offset >= this.from);
    this.snapshotFilter = options.freezeEncoder ? isHeadParam : undefined;
    this.dropoutRng = new Prng(options.seed);
    if (options.emaDecay > 0) this.net.resetAverage();
  }

  static async create(model: TabTransformer, options: StepEngineOptions): Promise<FusedStepEngine> {
    const pool = options.workers && options.workers.threads > 1 ? options.workers : undefined;
    if (pool) await pool.loadFused(model.config);
    return new FusedStepEngine(model, options, pool, await model.exportWeights());
  }

  async step(batch: EncodedMatrix, labels: Float32Array, weights: Float32Array, learningRate: number): Promise<number> {
    const shares: FusedShare[] = sharesFor(batch.size, this.pool).map(([a, b]) => ({
      batch: sliceRows(batch, a, b),
      labels: labels.subarray(a, b),
      weights: shareWeights(weights, a, b, batch.size),
      seed: this.dropoutRng.nextSeed(),
    }));
    const size = this.net.size;
    // The workers start on their shares while this thread computes the first one.
    const remote = shares.length > 1 && this.pool ? this.pool.fusedGradients(this.net.params().subarray(0, size), this.from, this.options.freezeEncoder, shares.slice(1)) : undefined;
    let loss = this.net.gradients(shares[0], shares[0].seed, this.options.freezeEncoder);
    for (const other of remote ? await remote : []) {
      loss += other.loss;
      this.net.addGradients(this.from, size, other.grads);
    }
    this.steps++;
    this.net.adam(this.from, size, learningRate, this.steps);
    if (this.options.weightDecay > 0) {
      for (const b of this.decayed) this.net.scale(b.offset, b.offset + b.size, 1 - learningRate * this.options.weightDecay);
    }
    if (this.options.emaDecay > 0) this.net.updateAverage(this.from, size, this.options.emaDecay);
    return loss;
  }

  async showEvaluationWeights(): Promise<void> {
    const source = this.options.emaDecay > 0 ? this.net.average() : this.net.params();
    this.model.importWeights(this.net.weights(this.snapshotFilter, source));
  }

  resumeTraining(): void {
    // The kernel's buffer holds the training weights throughout; the model only shows them.
  }

  finish(): void {
    this.model.importWeights(this.net.weights(this.snapshotFilter));
  }

  dispose(): void {
    this.net.dispose();
  }
}
