import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LoanFeatures, preprocessRow } from '@loan/features';
import { MicroBatcher, newPredictionId } from '@loan/serving';
import { AppConfig } from '@loan/platform';
import { MetricsService } from '../http/metrics/metrics.service';
import { NoChampionError, ServingModelsService } from './serving-models.service';
import { ShadowService } from './shadow.service';

export interface ScoredRecord {
  probability: number;
  default: boolean;
  version: number;
  threshold: number;
}

export interface PredictResult {
  requestId: string;
  modelVersion: number;
  threshold: number;
  predictions: { id: string; probability: number; default: boolean }[];
}

/**
 * Scores validated records with the champion. Concurrent requests are merged by the micro-batcher into
 * one model call; each batch borrows the champion for its whole run, so a hot reload never changes the
 * model under a batch, and all records of one request are scored by one version.
 */
@Injectable()
export class ScoringService implements OnApplicationShutdown {
  private readonly batcher: MicroBatcher<LoanFeatures, ScoredRecord>;

  constructor(
    config: AppConfig,
    private readonly models: ServingModelsService,
    private readonly shadow: ShadowService,
    private readonly metrics: MetricsService,
  ) {
    this.batcher = new MicroBatcher({
      maxBatchSize: config.BATCH_MAX_SIZE,
      maxWaitMs: config.BATCH_MAX_WAIT_MS,
      run: (items) => this.scoreBatch(items),
    });
  }

  async predict(records: LoanFeatures[]): Promise<PredictResult> {
    const scored = await this.batcher.submit(records);
    this.metrics.countRecords(records.length);
    const requestId = randomUUID();
    const predictions = scored.map((s) => ({ id: newPredictionId(), probability: s.probability, default: s.default }));
    const { version, threshold } = scored[0];
    // Logging and the challenger's shadow scoring happen after the answer is on its way.
    setImmediate(() => this.shadow.record(requestId, version, threshold, records, predictions));
    return { requestId, modelVersion: version, threshold, predictions };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.batcher.close();
  }

  private async scoreBatch(items: LoanFeatures[]): Promise<ScoredRecord[]> {
    const lease = this.models.acquire('champion');
    if (!lease) throw new NoChampionError('no champion model is loaded yet');
    try {
      const { model, fit, doc } = lease.served;
      this.metrics.setBatchSize(items.length);
      const probabilities = await model.predictProba(items.map((r) => preprocessRow(r, fit)));
      return Array.from(probabilities, (p) => ({ probability: p, default: p >= model.threshold, version: doc.version, threshold: model.threshold }));
    } finally {
      lease.release();
    }
  }
}
