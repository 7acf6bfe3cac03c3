import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JOBS, jobIds, ProcessDayPayload, QUEUES } from '@loan/contracts';
import {
  DailyBatchesRepository,
  dayRowId,
  DriftReportsRepository,
  ProcessedDataRepository,
  ProcessingMetadataRepository,
  QuarantineRepository,
  RawDataRepository,
} from '@loan/data-access';
import { processDay } from '@loan/features';
import { AppConfig, JobHandlers, JobsProducer, PreprocessingFitService, QueueConsumer } from '@loan/platform';
import { DriftCalibrationService } from './drift-calibration.service';

@Processor(QUEUES.PROCESS)
export class ProcessProcessor extends QueueConsumer {
  protected readonly queueName = QUEUES.PROCESS;
  protected readonly handlers: JobHandlers = { [JOBS.PROCESS_DAY]: (p, job) => this.processDay(p, job) };

  constructor(
    private readonly config: AppConfig,
    private readonly fits: PreprocessingFitService,
    private readonly calibrations: DriftCalibrationService,
    private readonly batches: DailyBatchesRepository,
    private readonly rawData: RawDataRepository,
    private readonly processedData: ProcessedDataRepository,
    private readonly quarantine: QuarantineRepository,
    private readonly driftReports: DriftReportsRepository,
    private readonly metadata: ProcessingMetadataRepository,
    private readonly producer: JobsProducer,
  ) {
    super();
  }

  /** Validates, reports, quarantines, transforms and measures drift for one day, then hands it on. */
  async processDay({ date }: ProcessDayPayload, job: Job) {
    const started = Date.now();
    const batch = await this.batches.findByDay(date);
    if (!batch) throw new Error(`no generated batch for ${date}: run the generate job first`);
    const raw = await this.rawData.findByDay(date);
    if (raw.length !== batch.rows) throw new Error(`raw data for ${date} has ${raw.length} rows, batch says ${batch.rows}`);

    const fit = await this.fits.ensureCurrent();
    const version = fit.fingerprint;
    // Done already: this raw generation was processed with this fit (the summary is written last).
    const done = await this.metadata.findByDay(date);
    if (batch.generation && done?.sourceGeneration === batch.generation && done.preprocessingVersion === version) {
      await this.producer.enqueue(JOBS.EVALUATE_DAY, { date }, jobIds.evaluate(date));
      return { rows: done.rows, processed: done.processedRows, quarantined: done.quarantinedRows, datasetDrift: null, skipped: true };
    }
    const records = raw.map((r) => r.record);
    const result = processDay(records, fit, {
      date,
      evalShare: this.config.EVAL_SHARE,
      drift: { calibration: this.calibrations.forFit(fit), datasetAlpha: this.config.DRIFT_DATASET_ALPHA },
    });
    await job.updateProgress(50);

    const rowId = (i: number) => raw[i].row;
    await this.quarantine.replaceDay(
      date,
      result.quarantined.map((q) => ({
        _id: dayRowId(date, rowId(q.row)),
        day: date,
        row: rowId(q.row),
        record: q.record as Record<string, unknown>,
        reasons: q.reasons.map((r) => `${r.column}: ${r.reason}`),
      })),
    );
    await this.processedData.replaceDay(
      date,
      result.processed.map((p) => ({
        _id: dayRowId(date, rowId(p.row)),
        day: date,
        row: rowId(p.row),
        categorical: p.categorical,
        numeric: p.numeric,
        label: p.label,
        split: p.split,
        preprocessingVersion: version,
      })),
    );
    await this.driftReports.upsert({
      day: date,
      preprocessingVersion: version,
      datasetDrift: result.drift.datasetDrift,
      driftedShare: result.drift.driftedShare,
      datasetPValue: result.drift.datasetPValue,
      featureAlpha: result.drift.featureAlpha,
      datasetAlpha: result.drift.datasetAlpha,
      features: result.drift.features as unknown as Record<string, unknown>[],
    });
    const evaluationRows = result.processed.filter((p) => p.split === 'evaluation').length;
    // Written last: its presence says the day's processing is complete.
    await this.metadata.upsert({
      day: date,
      preprocessingVersion: version,
      rows: records.length,
      processedRows: result.processed.length,
      quarantinedRows: result.quarantined.length,
      evaluationRows,
      tuningRows: result.processed.length - evaluationRows,
      quality: result.quality as unknown as Record<string, unknown>,
      processMs: Date.now() - started,
      sourceGeneration: batch.generation,
    });
    await this.producer.enqueue(JOBS.EVALUATE_DAY, { date }, jobIds.evaluate(date));
    return {
      rows: records.length,
      processed: result.processed.length,
      quarantined: result.quarantined.length,
      datasetDrift: result.drift.datasetDrift,
      skipped: false,
    };
  }
}
