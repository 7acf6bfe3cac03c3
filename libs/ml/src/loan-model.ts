// The deployable model: a trained TabTransformer plus its decision threshold and the version of the
// preprocessing its inputs must come from. This is what the API loads and calls.
import type { EncodedRow } from '@loan/features';
import type { JsonValue } from '@loan/features';
import { PREDICT_BATCH_SIZE, TabTransformer } from './tab-transformer';
import { TabTransformerConfig } from './tab-transformer-config';

export interface LoanModelMeta {
  /** Predict default when probability >= threshold. */
  threshold: number;
  /** Identifies the preprocessing (vocabularies, scalers) the model was trained on. */
  preprocessingVersion: string;
  /** Free-form JSON (metrics, training data ids, timestamps); stored in and checksummed with the artifact. */
  metadata?: Record<string, JsonValue>;
}

export interface LoanPredictions {
  probabilities: Float32Array;
  /** 1 = predicted default (probability >= threshold). */
  labels: Uint8Array;
}

export class LoanModel {
  readonly threshold: number;
  readonly preprocessingVersion: string;
  readonly metadata: Record<string, JsonValue>;

  /** Takes ownership of `network`: dispose() disposes it. */
  constructor(
    readonly network: TabTransformer,
    meta: LoanModelMeta,
  ) {
    if (!(meta.threshold >= 0 && meta.threshold <= 1)) throw new Error(`threshold must be in [0, 1], got ${meta.threshold}`);
    if (!meta.preprocessingVersion) throw new Error('preprocessingVersion is required');
    this.threshold = meta.threshold;
    this.preprocessingVersion = meta.preprocessingVersion;
    this.metadata = meta.metadata ?? {};
  }

  get architecture(): TabTransformerConfig {
    return this.network.config;
  }

  /** Default probability per row, computed in batches of 1024; leaves no tensors behind. */
  predictProba(rows: readonly EncodedRow[]): Promise<Float32Array> {
    return this.network.predictProba(rows, PREDICT_BATCH_SIZE);
  }

  /** Probabilities and thresholded labels. */
  async predict(rows: readonly EncodedRow[]): Promise<LoanPredictions> {
    const probabilities = await this.predictProba(rows);
    const labels = new Uint8Array(probabilities.length);
    for (let i = 0; i < probabilities.length; i++) labels[i] = probabilities[i] >= this.threshold ? 1 : 0;
    return { probabilities, labels };
  }

  get isDisposed(): boolean {
    return this.network.isDisposed;
  }

  /** Frees the weights. Idempotent; predicting afterwards throws. */
  dispose(): void {
    this.network.dispose();
  }
}
