import { Injectable, Logger } from '@nestjs/common';
import { ShadowResult } from '@loan/data-access';
import { LoanFeatures, preprocessRow } from '@loan/features';
import { compareShadow, sampleIndices } from '@loan/serving';
import { AppConfig } from '@loan/platform';
import { PredictionLogService } from './prediction-log.service';
import { ServingModelsService } from './serving-models.service';

/** Beyond this many records waiting for the challenger, shadow scoring is skipped rather than queued. */
const MAX_SHADOW_BACKLOG = 20_000;

/**
 * Off the response path: the challenger (if any) scores a sample of what the champion just answered,
 * and every prediction is logged with its shadow answer when it has one. The agreement is counted from
 * that log (PredictionsRepository.shadowAgreement), so it covers every instance and survives a restart.
 */
@Injectable()
export class ShadowService {
  private readonly logger = new Logger(ShadowService.name);
  private chain: Promise<void> = Promise.resolve();
  private backlog = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly models: ServingModelsService,
    private readonly log: PredictionLogService,
  ) {}

  record(requestId: string, modelVersion: number, threshold: number, records: LoanFeatures[], predictions: { id: string; probability: number; default: boolean }[]): void {
    const docs = predictions.map((p, i) => ({
      _id: p.id,
      requestId,
      modelVersion,
      probability: p.probability,
      default: p.default,
      features: records[i] as Record<string, number | null>,
      shadow: undefined as ShadowResult | undefined,
    }));
    const challenger = this.models.current('challenger');
    if (!challenger || this.config.SHADOW_SAMPLE_RATE === 0) return this.log.add(docs);
    if (this.backlog + records.length > MAX_SHADOW_BACKLOG) return this.log.add(docs);
    this.backlog += records.length;
    this.chain = this.chain
      .then(() => this.scoreShadow(requestId, threshold, records, predictions, docs))
      .catch((e: Error) => this.logger.error({ error: e.message }, 'shadow scoring failed'))
      .finally(() => {
        this.backlog -= records.length;
        this.log.add(docs);
      });
  }

  /** Resolves once every shadow comparison queued so far is done and logged. */
  async drain(): Promise<void> {
    await this.chain;
    await this.log.flush();
  }

  private async scoreShadow(
    requestId: string,
    threshold: number,
    records: LoanFeatures[],
    predictions: { probability: number }[],
    docs: { shadow?: ShadowResult }[],
  ): Promise<void> {
    const lease = this.models.acquire('challenger');
    if (!lease) return;
    try {
      const { model, fit, doc } = lease.served;
      const sample = sampleIndices(records.length, this.config.SHADOW_SAMPLE_RATE, requestId);
      if (!sample.length) return;
      const shadowProbs = await model.predictProba(sample.map((i) => preprocessRow(records[i], fit)));
      const result = compareShadow(
        { probabilities: sample.map((i) => predictions[i].probability), threshold },
        { probabilities: shadowProbs, threshold: model.threshold },
      );
      sample.forEach((i, k) => {
        const r = result.perRecord[k];
        docs[i].shadow = { version: doc.version, probability: r.shadowProbability, default: r.shadowDefault, agree: r.agree };
      });
    } finally {
      lease.release();
    }
  }
}
