import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError } from 'bullmq';
import { addDays, EvaluateDayPayload, JOBS, jobIds, QUEUES } from '@loan/contracts';
import { DayDataService, EvaluationEventsRepository } from '@loan/data-access';
import { CalibrationTest, classificationReport, DecayTest, decideAfterEvaluation, episodeContinues, expectedAucOf, expectedCalibrationOf, f1ThresholdFor, shouldAdapt, testAucDecay, testCalibrationShift } from '@loan/ml';
import { ModelRegistryService } from '@loan/model-registry';
import { AppConfig, JobHandlers, JobsProducer, QueueConsumer } from '@loan/platform';

@Processor(QUEUES.EVALUATE)
export class EvaluateProcessor extends QueueConsumer {
  protected readonly queueName = QUEUES.EVALUATE;
  protected readonly handlers: JobHandlers = { [JOBS.EVALUATE_DAY]: (p) => this.evaluateDay(p) };

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ModelRegistryService,
    private readonly days: DayDataService,
    private readonly evaluations: EvaluationEventsRepository,
    private readonly producer: JobsProducer,
  ) {
    super();
  }

  /**
   * Scores the champion on the day's evaluation part; when its ROC-AUC is significantly below the
   * champion's expected AUC (or, with the F1_THRESHOLD override set, F1 is below it), starts fine-tuning.
   */
  async evaluateDay({ date }: EvaluateDayPayload) {
    const champion = await this.registry.loadAlias('champion');
    if (!champion) throw new UnrecoverableError('no champion model: run `npm run bootstrap` first');
    try {
      const part = await this.days.part(date, 'evaluation');
      if (!part.rows.length) throw new UnrecoverableError(`day ${date} has no processed evaluation rows`);
      if (part.preprocessingVersion !== champion.model.preprocessingVersion) {
        throw new UnrecoverableError(
          `day ${date} was processed with ${part.preprocessingVersion}, the champion expects ${champion.model.preprocessingVersion}`,
        );
      }
      const probs = await champion.model.predictProba(part.rows);
      const report = classificationReport(part.labels, probs, champion.model.threshold);
      const threshold = f1ThresholdFor({
        configured: this.config.F1_THRESHOLD,
        championValidationF1: champion.doc.metrics['f1'] ?? 0,
        margin: this.config.F1_MARGIN,
      });
      const expected = expectedAucOf(champion.doc.metrics);
      const options = { alpha: this.config.DECAY_ALPHA, margin: this.config.DECAY_AUC_MARGIN };
      const bothClasses = report.positives > 0 && report.positives < report.count;
      const decay: DecayTest | null = expected && bothClasses ? testAucDecay(part.labels, probs, expected, options) : null;
      const expectedCalibration = expectedCalibrationOf(champion.doc.metrics);
      const calibration: CalibrationTest | null =
        expectedCalibration && bothClasses ? testCalibrationShift(part.labels, probs, expectedCalibration, { alpha: options.alpha, margin: this.config.CALIBRATION_MARGIN }) : null;
      const windowDays = this.config.FINE_TUNE_WINDOW_DAYS;
      const zs = [decay?.z, calibration?.z].filter((z): z is number => typeof z === 'number' && Number.isFinite(z));
      const adapt =
        shouldAdapt({ today: date, championTrainingDays: champion.doc.trainingDays ?? [], windowDays }) ||
        episodeContinues({ today: date, recentTriggerDays: await this.recentTriggerDays(date, champion.doc.version, windowDays), windowDays, z: zs.length ? Math.max(...zs) : null });
      const { decision, triggers } = decideAfterEvaluation({ decay, calibration, f1: report.f1, f1Override: this.config.F1_THRESHOLD, adapt });
      const version = champion.doc.version;
      await this.evaluations.upsert({
        _id: `${date}:v${version}`,
        day: date,
        version,
        rows: part.rows.length,
        threshold: champion.model.threshold,
        metrics: { ...report },
        f1Threshold: threshold.value,
        f1ThresholdSource: threshold.source,
        decision,
        triggers,
        statistic: decay?.statistic ?? null,
        value: decay?.value ?? null,
        se: decay?.se ?? null,
        expected: decay?.expected ?? null,
        expectedSe: decay?.expectedSe ?? null,
        expectedSource: decay?.expectedSource ?? null,
        margin: options.margin,
        alpha: options.alpha,
        z: decay?.z ?? null,
        bound: decay?.bound ?? null,
        n: report.count,
        positives: report.positives,
        calibration: calibration && { value: calibration.value, se: calibration.se, expected: calibration.expected, expectedSe: calibration.expectedSe, margin: calibration.margin, z: calibration.z, shifted: calibration.shifted },
      });
      this.logger.log(
        { day: date, version, rocAuc: decay?.value, expected: decay?.expected, z: decay?.z, calibrationOffset: calibration?.value, calibrationZ: calibration?.z, f1: report.f1, decision, triggers },
        'evaluated',
      );
      if (decision === 'retrain') {
        // The reason keeps its stored name for every decay/override fine-tune (the evaluation event's
        // `triggers` says which asked); an adapt run has its own reason: one attempt, no alert.
        const reason = triggers.includes('adapt') ? 'adapt' : 'f1_below_threshold';
        await this.producer.enqueue(JOBS.TRAIN_MODEL, { date, attempt: 1, reason, baseVersion: version }, jobIds.train(date, 1, reason));
      }
      return { version, f1: report.f1, rocAuc: decay?.value ?? null, z: decay?.z ?? null, decision, triggers };
    } finally {
      champion.model.dispose();
    }
  }

  /** Days before `date`, within the window, on which this version's evaluation fired a test (by `_id` range). */
  private async recentTriggerDays(date: string, version: number, windowDays: number): Promise<string[]> {
    const events = await this.evaluations.between(addDays(date, -(windowDays - 1)), date);
    return events.filter((e) => e.day < date && e.version === version && e.triggers.some((t) => t === 'decay' || t === 'calibration')).map((e) => e.day);
  }
}
