import { Processor } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JOBS, jobIds, QUEUES, TrainModelPayload } from '@loan/contracts';
import { AlertsRepository, DayDataService, DayPart, EvaluationEventsRepository, FeedbackRepository, TrainingEventsRepository } from '@loan/data-access';
import { LoanFeatures, preprocessBatch } from '@loan/features';
import { classificationReport, decideAfterTraining, f1ThresholdFor, fineTuneChallenger, fineTuneStep, LoanModel } from '@loan/ml';
import { MlBackendService, ModelRegistryService } from '@loan/model-registry';
import { AppConfig, JobHandlers, JobsProducer, PreprocessingFitService, QueueConsumer } from '@loan/platform';

/** Every fifth evaluation row steers early stopping and the threshold; the rest is trained on. */
function holdOut(part: DayPart): { train: DayPart; validation: DayPart } {
  const pick = (keep: (i: number) => boolean): DayPart => ({
    rows: part.rows.filter((_, i) => keep(i)),
    labels: part.labels.filter((_, i) => keep(i)),
    preprocessingVersion: part.preprocessingVersion,
  });
  return { train: pick((i) => i % 5 !== 0), validation: pick((i) => i % 5 === 0) };
}

// Training holds the job for minutes: a long lock, renewed while the loop yields between batches.
@Processor(QUEUES.TRAIN, { lockDuration: 120_000, concurrency: 1 })
export class TrainProcessor extends QueueConsumer implements BeforeApplicationShutdown {
  protected readonly queueName = QUEUES.TRAIN;
  protected readonly handlers: JobHandlers = { [JOBS.TRAIN_MODEL]: (p, job) => this.train(p, job) };
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ModelRegistryService,
    private readonly backend: MlBackendService,
    private readonly days: DayDataService,
    private readonly evaluations: EvaluationEventsRepository,
    private readonly trainings: TrainingEventsRepository,
    private readonly alerts: AlertsRepository,
    private readonly producer: JobsProducer,
    private readonly feedback: FeedbackRepository,
    private readonly fits: PreprocessingFitService,
  ) {
    super();
  }

  /** On SIGTERM the training loop stops at the next batch and the job is released for a retry. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  /**
   * Fine-tunes the base model on the day's evaluation part only (or, for a feedback retrain, on the
   * labelled feedback not yet trained on), judges it on rows it never saw (the tuning part), and then
   * deploys it, tries again, or (after the last attempt) raises a CRITICAL alert.
   */
  async train(payload: TrainModelPayload, job: Job) {
    const { date, attempt, baseVersion, reason } = payload;
    const trainingKey = jobIds.train(date, attempt, reason);
    const started = Date.now();
    const base = await this.registry.load(baseVersion);
    let candidate: LoanModel | undefined;
    try {
      const { evaluation, judge, feedbackIds } = await this.trainingData(payload, base.model.preprocessingVersion);
      if (evaluation.rows.length < 20 || judge.rows.length < 20) {
        throw new UnrecoverableError(`${trainingKey} has too few rows to fine-tune (${evaluation.rows.length} to train on, ${judge.rows.length} to judge on)`);
      }
      const step = fineTuneStep(attempt);
      const { train, validation } = holdOut(evaluation);
      const result = await fineTuneChallenger(base.model.network, train, validation, {
        learningRate: step.learningRate,
        freezeEncoder: step.freezeEncoder,
        maxEpochs: step.maxEpochs,
        seed: step.seed,
        shouldStop: () => this.stopping,
        onEpoch: (p) => job.updateProgress({ attempt, epoch: p.epoch, loss: p.loss, valLoss: p.valLoss }),
      });
      candidate = new LoanModel(result.model, { threshold: result.threshold, preprocessingVersion: base.model.preprocessingVersion });
      if (result.stopReason === 'caller') throw new Error('training interrupted by shutdown; the job will be retried');

      const report = classificationReport(judge.labels, await candidate.predictProba(judge.rows), candidate.threshold);
      const threshold = await this.f1Threshold(date, base.doc.metrics['f1'] ?? 0);
      // An operator's forced fine-tune always yields a version: the deployer's policy, not the bar,
      // then decides whether it serves.
      const decision =
        reason === 'admin'
          ? ({ action: 'deploy' } as const)
          : decideAfterTraining({ candidateF1: report.f1, threshold, attempt, maxAttempts: this.config.MAX_RETRAIN_ATTEMPTS });
      const metrics = { ...report, trainRows: train.rows.length, validationF1: result.validation.f1 };
      let newVersion: number | null = null;
      if (decision.action === 'deploy') {
        const doc = await this.registry.register({
          model: candidate,
          trainingKey,
          kind: 'fine-tuned',
          parentVersion: baseVersion,
          trainingDays: [date],
          attempt,
          metrics,
          durationMs: Date.now() - started,
        });
        newVersion = doc.version;
      }
      await this.trainings.upsert({
        _id: reason === 'f1_below_threshold' ? `${date}:a${attempt}` : `${date}:${reason}:a${attempt}`,
        day: date,
        attempt,
        reason: payload.reason,
        baseVersion,
        trainRows: train.rows.length,
        judgeRows: judge.rows.length,
        metrics,
        f1Threshold: threshold,
        success: decision.action === 'deploy',
        newVersion,
        backend: await this.backend.backend(),
        durationMs: Date.now() - started,
      });
      this.logger.log({ day: date, attempt, reason, f1: report.f1, f1Threshold: threshold, decision: decision.action, newVersion }, 'fine-tune attempt done');
      // Feedback is used up by the run that ends (deployed or alerted), so the count starts again.
      if (feedbackIds.length && decision.action !== 'retry') await this.feedback.markConsumed(feedbackIds, trainingKey);

      if (decision.action === 'deploy' && newVersion !== null) {
        await this.producer.enqueue(
          JOBS.DEPLOY_MODEL,
          { date, candidateVersion: newVersion, reason: `fine-tuned on ${date}, attempt ${attempt}` },
          jobIds.deploy(date, newVersion),
        );
      } else if (decision.action === 'retry') {
        await this.producer.enqueue(JOBS.TRAIN_MODEL, { ...payload, attempt: decision.nextAttempt }, jobIds.train(date, decision.nextAttempt, reason));
      } else if (decision.action === 'alert') {
        await this.raiseAlert(date, attempt, threshold, reason);
      }
      return { attempt, f1: report.f1, f1Threshold: threshold, decision: decision.action, newVersion };
    } finally {
      candidate?.dispose();
      base.model.dispose();
    }
  }

  /** What a fine-tune trains on and what judges it: never the same rows. */
  private async trainingData(payload: TrainModelPayload, preprocessingVersion: string): Promise<{ evaluation: DayPart; judge: DayPart; feedbackIds: string[] }> {
    if (payload.reason !== 'feedback') {
      return { evaluation: await this.days.part(payload.date, 'evaluation'), judge: await this.days.part(payload.date, 'tuning'), feedbackIds: [] };
    }
    const docs = await this.feedback.unconsumed(this.config.RETRAIN_FEEDBACK_THRESHOLD * 10);
    const fit = await this.fits.byFingerprint(preprocessingVersion);
    const evaluation: DayPart = {
      rows: preprocessBatch(docs.map((d) => d.features as LoanFeatures), fit),
      labels: docs.map((d) => (d.actualDefault ? 1 : 0)),
      preprocessingVersion,
    };
    const judge = await this.days.recentTuningRows(payload.date, this.config.MIN_EVAL_ROWS, this.config.PROMOTION_LOOKBACK_DAYS, preprocessingVersion);
    return { evaluation, judge, feedbackIds: docs.map((d) => d._id) };
  }

  /** The threshold the day's evaluation used, so every attempt is judged by the same bar. */
  private async f1Threshold(date: string, baseValidationF1: number): Promise<number> {
    const events = await this.evaluations.findByDay(date);
    const last = events[events.length - 1];
    if (last) return last.f1Threshold;
    return f1ThresholdFor({ configured: this.config.F1_THRESHOLD, championValidationF1: baseValidationF1, margin: this.config.F1_MARGIN }).value;
  }

  private async raiseAlert(date: string, attempts: number, threshold: number, reason: TrainModelPayload['reason']) {
    const events = (await this.trainings.findByDay(date)).filter((e) => e.reason === reason);
    const bestF1 = Math.max(...events.map((e) => e.metrics['f1'] ?? 0));
    const message = `fine-tuning failed for ${date}: ${attempts} attempts, best F1 ${bestF1.toFixed(3)} < ${threshold.toFixed(3)}; champion unchanged`;
    await this.alerts.raise({
      _id: reason === 'f1_below_threshold' ? `retrain-failed:${date}` : `retrain-failed:${date}:${reason}`,
      severity: 'CRITICAL',
      kind: 'retrain-failed',
      day: date,
      message,
      details: { attempts, bestF1, f1Threshold: threshold, reason },
    });
    this.logger.error({ day: date, attempts, bestF1, f1Threshold: threshold }, message);
  }
}
