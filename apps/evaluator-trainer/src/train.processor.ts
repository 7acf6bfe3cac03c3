import { Processor } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JOBS, jobIds, QUEUES, TrainModelPayload } from '@loan/contracts';
import { AlertsRepository, EvaluationEventsRepository, FeedbackRepository, TrainingEventsRepository } from '@loan/data-access';
import {
  attemptPlan,
  AttemptJudgement,
  aucWithError,
  calibrationOffset,
  classificationReport,
  decideAfterTraining,
  FINE_TUNE_DEFAULTS,
  fineTuneChallenger,
  judgeAttempt,
  LoanModel,
  pairedAucDifference,
  pairedF1Bootstrap,
  RungPlan,
  TabTransformer,
  trainClassifier,
  TrainResult,
  tuneThreshold,
} from '@loan/ml';
import { MlBackendService, ModelRegistryService, TrainingThreadsService } from '@loan/model-registry';
import { AppConfig, JobHandlers, JobsProducer, QueueConsumer } from '@loan/platform';
import { TrainingWindow, TrainingWindowService } from './training-window';

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
    private readonly threads: TrainingThreadsService,
    private readonly windows: TrainingWindowService,
    private readonly evaluations: EvaluationEventsRepository,
    private readonly trainings: TrainingEventsRepository,
    private readonly alerts: AlertsRepository,
    private readonly producer: JobsProducer,
    private readonly feedback: FeedbackRepository,
  ) {
    super();
  }

  /** On SIGTERM the training loop stops at the next batch and the job is released for a retry. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  /**
   * One rung of the attempt ladder (README "How a model heals"): trains a candidate from the base model
   * on the recent window's evaluation parts (or on unconsumed feedback), judges it against the base model
   * on the window's tuning parts, which it never saw, and then deploys it, tries the next rung, or
   * (after the last attempt) raises a CRITICAL alert.
   */
  async train(payload: TrainModelPayload, job: Job) {
    const { date, attempt, baseVersion, reason } = payload;
    const trainingKey = jobIds.train(date, attempt, reason);
    const started = Date.now();
    const base = await this.registry.load(baseVersion);
    let candidate: LoanModel | undefined;
    try {
      const preprocessingVersion = base.model.preprocessingVersion;
      const window = await this.windows.assemble(payload, preprocessingVersion);
      const judgeClasses = new Set(window.judge.labels).size;
      if (window.calibration.rows.length < 20 || window.judge.rows.length < 20 || judgeClasses < 2) {
        throw new UnrecoverableError(
          `${trainingKey} has too few rows to fine-tune (${window.calibration.rows.length} to train on, ${window.judge.rows.length} to judge on, ${judgeClasses} class(es))`,
        );
      }
      const adapting = reason === 'adapt';
      const plan = attemptPlan(attempt, { aucDecayed: await this.aucDecayed(date), forced: reason === 'admin', adapting });
      const built = await this.candidateFor(plan, base.model, window, job, attempt);
      candidate = built.model;
      if (built.stopped) throw new Error('training interrupted by shutdown; the job will be retried');

      const championProbs = await base.model.predictProba(window.judge.rows);
      const candidateProbs = plan.rung === 'recalibrate' ? championProbs : await candidate.predictProba(window.judge.rows);
      const alpha = this.config.ATTEMPT_ALPHA;
      const auc = pairedAucDifference(window.judge.labels, candidateProbs, championProbs);
      const f1 = pairedF1Bootstrap(
        window.judge.labels,
        { probs: candidateProbs, threshold: candidate.threshold },
        { probs: championProbs, threshold: base.model.threshold },
        { seed: attempt, alpha },
      );
      // A new threshold leaves the ranking (AUC) as it was: it is judged on F1; a retrained network on AUC.
      const judgement: AttemptJudgement = judgeAttempt(
        plan.rung === 'recalibrate' ? { rung: plan.rung, alpha, forced: reason === 'admin', f1 } : { rung: plan.rung, alpha, forced: reason === 'admin', auc },
      );
      // An adapt run is one challenger for a champion that has not decayed: no retries, and no alert when it loses.
      const decision = decideAfterTraining({ success: judgement.success, attempt, maxAttempts: adapting ? 1 : this.config.MAX_RETRAIN_ATTEMPTS });
      const report = classificationReport(window.judge.labels, candidateProbs, candidate.threshold);
      const championReport = classificationReport(window.judge.labels, championProbs, base.model.threshold);
      const expected = aucWithError(window.judge.labels, candidateProbs);
      const calibration = calibrationOffset(window.judge.labels, candidateProbs);
      // What the evaluator compares later days against (expectedRocAuc ± expectedRocAucSe), and the evidence.
      const metrics = {
        ...report,
        trainRows: window.train.rows.length,
        replayRows: window.replayRows,
        judgeRows: window.judge.rows.length,
        expectedRocAuc: expected.auc,
        expectedRocAucSe: expected.se,
        expectedCalibrationOffset: calibration.offset,
        expectedCalibrationOffsetSe: calibration.se,
        aucDifference: auc.difference,
        aucDifferenceSe: auc.se,
        aucDifferenceP: auc.pValue,
        f1Difference: f1.difference,
        f1DifferenceSe: f1.se,
        f1DifferenceLower: f1.lower,
        validationF1: built.validationF1,
      };
      let newVersion: number | null = null;
      if (decision.action === 'deploy') {
        const doc = await this.registry.register({
          model: candidate,
          trainingKey,
          kind: 'fine-tuned',
          parentVersion: baseVersion,
          trainingDays: window.days,
          judgeDays: window.judgeDays,
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
        reason,
        baseVersion,
        rung: plan.rung,
        windowDays: window.days,
        dayWeights: window.dayWeights,
        trainRows: window.train.rows.length,
        replayRows: window.replayRows,
        judgeRows: window.judge.rows.length,
        metrics,
        championMetrics: { ...championReport },
        statistic: judgement.statistic,
        difference: judgement.difference,
        se: judgement.se,
        pValue: judgement.pValue,
        lowerBound: judgement.lowerBound,
        alpha,
        success: judgement.success,
        newVersion,
        backend: await this.backend.backend(),
        threads: plan.rung === 'recalibrate' ? 1 : ((await this.threads.pool())?.threads ?? 1),
        durationMs: Date.now() - started,
      });
      this.logger.log(
        { day: date, attempt, reason, rung: plan.rung, windowDays: window.days.length, judgeRows: window.judge.rows.length, because: judgement.because, decision: decision.action, newVersion },
        'fine-tune attempt done',
      );
      // Feedback is used up by the run that ends (deployed or alerted), so the count starts again.
      if (window.feedbackIds.length && decision.action !== 'retry') await this.feedback.markConsumed(window.feedbackIds, trainingKey);

      if (decision.action === 'deploy' && newVersion !== null) {
        await this.producer.enqueue(
          JOBS.DEPLOY_MODEL,
          { date, candidateVersion: newVersion, reason: `${plan.rung} on ${window.days.length} day(s) to ${date}, attempt ${attempt}: ${judgement.because}` },
          jobIds.deploy(date, newVersion),
        );
      } else if (decision.action === 'retry') {
        await this.producer.enqueue(JOBS.TRAIN_MODEL, { ...payload, attempt: decision.nextAttempt }, jobIds.train(date, decision.nextAttempt, reason));
      } else if (decision.action === 'alert') {
        if (!adapting) await this.raiseAlert(date, attempt, reason);
      }
      return { attempt, rung: plan.rung, success: judgement.success, because: judgement.because, decision: decision.action, newVersion };
    } finally {
      candidate?.dispose();
      base.model.dispose();
    }
  }

  /** The day's evaluation found the ranking decayed (its AUC test fired): recalibration is skipped. */
  private async aucDecayed(date: string): Promise<boolean> {
    const events = await this.evaluations.findByDay(date);
    return events[events.length - 1]?.triggers?.includes('decay') ?? false;
  }

  /** Builds the rung's candidate; the caller owns (and disposes) the model. */
  private async candidateFor(
    plan: RungPlan,
    base: LoanModel,
    window: TrainingWindow,
    job: Job,
    attempt: number,
  ): Promise<{ model: LoanModel; validationF1: number; stopped: boolean }> {
    const preprocessingVersion = base.preprocessingVersion;
    if (plan.rung === 'recalibrate') {
      const tuned = tuneThreshold(window.calibration.labels, await base.predictProba(window.calibration.rows));
      return { model: new LoanModel(await base.network.clone(), { threshold: tuned.threshold, preprocessingVersion }), validationF1: tuned.f1, stopped: false };
    }
    const hooks = {
      workers: await this.threads.pool(),
      seed: plan.seed,
      shouldStop: () => this.stopping,
      onEpoch: (p: { epoch: number; loss: number; valLoss: number }) => job.updateProgress({ attempt, rung: plan.rung, epoch: p.epoch, loss: p.loss, valLoss: p.valLoss }),
    };
    const phase = { learningRate: plan.learningRate, maxEpochs: plan.maxEpochs, patience: plan.patience, batchSize: plan.batchSize, emaDecay: plan.emaDecay };
    const result: TrainResult =
      plan.rung === 'scratch'
        ? await trainClassifier(window.train, window.validation, {
            ...FINE_TUNE_DEFAULTS,
            ...phase,
            ...hooks,
            model: new TabTransformer({ ...base.network.config, seed: plan.seed }),
          })
        : await fineTuneChallenger(base.network, window.train, window.validation, { ...phase, ...hooks, freezeEncoder: plan.freezeEncoder });
    return {
      model: new LoanModel(result.model, { threshold: result.threshold, preprocessingVersion }),
      validationF1: result.validation.f1,
      stopped: result.stopReason === 'caller',
    };
  }

  private async raiseAlert(date: string, attempts: number, reason: TrainModelPayload['reason']) {
    const events = (await this.trainings.findByDay(date)).filter((e) => e.reason === reason);
    const rungs = events.map((e) => e.rung);
    const judgeRows = Math.max(0, ...events.map((e) => e.judgeRows));
    const message = `fine-tuning failed for ${date}: ${attempts} attempts (${rungs.join(', ')}), none beat the champion on ${judgeRows} unseen rows at alpha ${this.config.ATTEMPT_ALPHA}; champion unchanged`;
    await this.alerts.raise({
      _id: reason === 'f1_below_threshold' ? `retrain-failed:${date}` : `retrain-failed:${date}:${reason}`,
      severity: 'CRITICAL',
      kind: 'retrain-failed',
      day: date,
      message,
      details: {
        attempts,
        reason,
        rungs,
        alpha: this.config.ATTEMPT_ALPHA,
        judgeRows,
        attemptsTried: events.map((e) => ({ attempt: e.attempt, rung: e.rung, statistic: e.statistic, difference: e.difference, se: e.se, pValue: e.pValue, lowerBound: e.lowerBound })),
      },
    });
    this.logger.error({ day: date, attempts, rungs }, message);
  }
}
