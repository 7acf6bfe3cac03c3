// The training step on tfjs ops (tab-transformer.ts) with tfjs' Adam: the reference implementation.
// A GradientWorkerPool, when given, computes shares of each batch on tfjs replicas in other threads.
import * as tf from '@tensorflow/tfjs';
import { activeBackendChoice } from './backend';
import { EncodedMatrix, sliceRows } from './encoded-matrix';
import { BatchShare, GradientWorkerPool, ShareGradients, shareGradients } from './gradient-workers';
import { Prng } from './prng';
import { sharesFor, shareWeights, StepEngine, StepEngineOptions } from './step-engine';
import { isHeadParam, TabTransformer } from './tab-transformer';
import { namedGradients } from './training-progress';
import { WeightMap } from './weight-map';

export class TfjsStepEngine implements StepEngine {
  private readonly optimizer: tf.AdamOptimizer;
  private readonly trainableNames: string[];
  private readonly trainable: tf.Variable[];
  private readonly decayed: tf.Variable[];
  private readonly snapshotFilter?: (name: string) => boolean;
  private readonly ema?: WeightAverage;
  private readonly dropoutRng: Prng;
  private raw?: WeightMap;
  private learningRate: number;

  private constructor(
    private readonly model: TabTransformer,
    learningRate: number,
    private readonly options: StepEngineOptions,
    private readonly pool: GradientWorkerPool | undefined,
  ) {
    this.learningRate = learningRate;
    this.optimizer = tf.train.adam(learningRate);
    this.snapshotFilter = options.freezeEncoder ? isHeadParam : undefined;
    this.trainableNames = model.params.names(this.snapshotFilter);
    this.trainable = this.trainableNames.map((n) => model.params.get(n));
    this.decayed = this.trainable.filter((v) => v.rank >= 2);
    this.ema = options.emaDecay > 0 ? new WeightAverage(model, this.snapshotFilter, options.emaDecay) : undefined;
    this.dropoutRng = new Prng(options.seed);
  }

  static async create(model: TabTransformer, learningRate: number, options: StepEngineOptions): Promise<TfjsStepEngine> {
    const pool = options.workers && options.workers.threads > 1 ? options.workers : undefined;
    if (pool) await pool.load(model, options.seed, await activeBackendChoice());
    return new TfjsStepEngine(model, learningRate, options, pool);
  }

  async step(batch: EncodedMatrix, labels: Float32Array, weights: Float32Array, learningRate: number): Promise<number> {
    if (learningRate !== this.learningRate) {
      // tfjs' Adam reads this field on every step; there is no public setter.
      (this.optimizer as unknown as { learningRate: number }).learningRate = this.learningRate = learningRate;
    }
    const shares: BatchShare[] = sharesFor(batch.size, this.pool).map(([a, b]) => ({ batch: sliceRows(batch, a, b), labels: labels.subarray(a, b), weights: shareWeights(weights, a, b, batch.size) }));
    // The workers start on their shares while this thread computes the first one.
    const remote = shares.length > 1 && this.pool ? this.pool.gradients(await this.model.exportWeights(this.snapshotFilter), this.trainableNames, shares.slice(1)) : undefined;
    const local = shareGradients(this.model, shares[0], this.trainable, this.dropoutRng);
    let others: ShareGradients[] = [];
    try {
      others = remote ? await remote : [];
    } catch (e) {
      tf.dispose([local.value, ...Object.values(local.grads)]);
      throw e;
    }
    const loss = tf.tidy(() => {
      let value: tf.Scalar = local.value;
      let grads: tf.NamedTensorMap = local.grads;
      if (others.length) {
        value = others.reduce<tf.Scalar>((sum, r) => tf.add(sum, r.loss), local.value);
        grads = {};
        this.trainableNames.forEach((name, i) => {
          const v = this.trainable[i];
          grads[v.name] = others.reduce<tf.Tensor>((sum, r) => tf.add(sum, tf.tensor(r.grads[name], v.shape)), local.grads[v.name]);
        });
      }
      this.optimizer.applyGradients(namedGradients(grads));
      if (this.options.weightDecay > 0) {
        for (const v of this.decayed) v.assign(tf.mul(v, 1 - learningRate * this.options.weightDecay));
      }
      this.ema?.update();
      return tf.keep(value.clone());
    });
    this.model.params.markChanged();
    tf.dispose([local.value, ...Object.values(local.grads)]);
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  }

  async showEvaluationWeights(): Promise<void> {
    this.raw = await this.ema?.swapIn();
  }

  resumeTraining(): void {
    if (this.raw) this.model.importWeights(this.raw);
    this.raw = undefined;
  }

  finish(): void {
    this.resumeTraining();
  }

  dispose(): void {
    this.optimizer.dispose();
    this.ema?.dispose();
  }
}

/** Shadow copies of the trainable variables, averaged after every optimiser step. */
class WeightAverage {
  private readonly vars: tf.Variable[];
  private readonly shadows: tf.Variable[];

  constructor(
    private readonly model: TabTransformer,
    private readonly filter: ((name: string) => boolean) | undefined,
    private readonly decay: number,
  ) {
    if (!(decay > 0 && decay < 1)) throw new Error(`emaDecay must be in (0, 1), got ${decay}`);
    this.vars = model.variables(filter);
    this.shadows = this.vars.map((v) => tf.tidy(() => tf.variable(v.clone(), false)));
  }

  update(): void {
    tf.tidy(() => {
      this.vars.forEach((v, i) => {
        const s = this.shadows[i];
        s.assign(tf.add(tf.mul(s, this.decay), tf.mul(v, 1 - this.decay)));
      });
    });
  }

  /** Loads the averaged values into the model; returns the raw values for importWeights(). */
  async swapIn(): Promise<WeightMap> {
    const raw = await this.model.exportWeights(this.filter);
    tf.tidy(() => this.vars.forEach((v, i) => v.assign(this.shadows[i])));
    this.model.params.markChanged();
    return raw;
  }

  dispose(): void {
    this.shadows.forEach((s) => s.dispose());
  }
}
