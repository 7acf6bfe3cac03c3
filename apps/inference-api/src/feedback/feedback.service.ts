import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { JOBS, jobIds, todayUtc } from '@loan/contracts';
import { FeedbackRepository, PredictionsRepository } from '@loan/data-access';
import { AppConfig, JobsProducer } from '@loan/platform';
import { msUntilStored } from '@loan/serving';
import { setTimeout as sleep } from 'node:timers/promises';
import { PREDICTION_LOG_MAX_DELAY_MS } from '../serving/prediction-log.service';
import { ServingModelsService } from '../serving/serving-models.service';
import { ShadowService } from '../serving/shadow.service';

export interface FeedbackResult {
  predictionId: string;
  outcome: 'recorded' | 'duplicate';
  unconsumedFeedback: number;
  retrainThreshold: number;
  retrainJobId: string | null;
}

/**
 * Stores the true outcome of a served prediction. Once enough labels have arrived that no training has
 * used yet, a fine-tune on them is queued (at most one per day: the job id says so).
 */
@Injectable()
export class FeedbackService {
  private readonly logger = new Logger(FeedbackService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly predictions: PredictionsRepository,
    private readonly feedback: FeedbackRepository,
    private readonly shadow: ShadowService,
    private readonly models: ServingModelsService,
    private readonly producer: JobsProducer,
  ) {}

  async record(predictionId: string, actualDefault: boolean): Promise<FeedbackResult> {
    let prediction = await this.predictions.findById(predictionId);
    if (!prediction) {
      // It may still be in this instance's write buffer.
      await this.shadow.drain();
      prediction = await this.predictions.findById(predictionId);
    }
    const wait = prediction ? 0 : msUntilStored(predictionId, Date.now(), PREDICTION_LOG_MAX_DELAY_MS);
    if (wait > 0) {
      // Served moments ago, perhaps by another instance whose buffer has not been written yet.
      await sleep(wait);
      prediction = await this.predictions.findById(predictionId);
    }
    if (!prediction) throw new NotFoundException(`no prediction with id ${predictionId}`);
    const outcome = await this.feedback.record({
      _id: predictionId,
      actualDefault,
      modelVersion: prediction.modelVersion,
      predictedDefault: prediction.default,
      features: prediction.features,
    });
    if (outcome === 'conflict') throw new ConflictException(`prediction ${predictionId} already has a different label`);

    const unconsumed = await this.feedback.countUnconsumed();
    let retrainJobId: string | null = null;
    const champion = this.models.current('champion');
    if (unconsumed >= this.config.RETRAIN_FEEDBACK_THRESHOLD && champion) {
      const date = todayUtc();
      retrainJobId = jobIds.train(date, 1, 'feedback');
      await this.producer.enqueue(JOBS.TRAIN_MODEL, { date, attempt: 1, reason: 'feedback', baseVersion: champion.doc.version }, retrainJobId);
      this.logger.log({ unconsumed, jobId: retrainJobId }, 'feedback threshold reached: fine-tune queued');
    }
    return { predictionId, outcome, unconsumedFeedback: unconsumed, retrainThreshold: this.config.RETRAIN_FEEDBACK_THRESHOLD, retrainJobId };
  }
}
