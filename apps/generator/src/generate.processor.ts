import { Processor } from '@nestjs/bullmq';
import { randomUUID } from 'node:crypto';
import { Job } from 'bullmq';
import { GenerateDayPayload, JOBS, jobIds, QUEUES } from '@loan/contracts';
import { DailyBatchesRepository, dayRowId, RawDataRepository } from '@loan/data-access';
import { AppConfig, JobHandlers, JobsProducer, QueueConsumer } from '@loan/platform';
import { generateDailyBatch, pickScenarioForDay, Scenario, validateScenario } from '@loan/synthetic';
import { DistributionModelService } from './distribution-model.service';

@Processor(QUEUES.GENERATE)
export class GenerateProcessor extends QueueConsumer {
  protected readonly queueName = QUEUES.GENERATE;
  protected readonly handlers: JobHandlers = { [JOBS.GENERATE_DAY]: (p, job) => this.generateDay(p, job) };

  constructor(
    private readonly config: AppConfig,
    private readonly distribution: DistributionModelService,
    private readonly rawData: RawDataRepository,
    private readonly batches: DailyBatchesRepository,
    private readonly producer: JobsProducer,
  ) {
    super();
  }

  /**
   * Samples the day's seeded batch, stores its rows and then its summary, and hands the day on. A day
   * whose summary says it was generated from the same scenario and distribution model is done: it is
   * handed on again (each next stage is as idempotent) but not rewritten, also when Redis no longer
   * remembers the job id. Another scenario for the day is a deliberate re-run and replaces it.
   */
  async generateDay(payload: GenerateDayPayload, job: Job) {
    const started = Date.now();
    const { version, model } = await this.distribution.ensure();
    const scenario: Scenario = payload.scenario ? validateScenario(payload.scenario) : pickScenarioForDay(payload.date);
    const done = await this.batches.findByDay(payload.date);
    if (done && done.distributionModelVersion === version && sameScenario(done.scenarioSpec, scenario)) {
      await this.producer.enqueue(JOBS.PROCESS_DAY, { date: payload.date }, jobIds.process(payload.date));
      return { rows: done.rows, scenario: scenario.name, distributionModelVersion: version, skipped: true };
    }
    const batch = generateDailyBatch(model, {
      date: payload.date,
      scenario,
      minRows: this.config.DAILY_MIN_ROWS,
      maxRows: this.config.DAILY_MAX_ROWS,
      missingRate: this.config.MISSING_RATE,
      outlierRate: this.config.OUTLIER_RATE,
      invalidRate: this.config.INVALID_RATE,
    });
    await job.updateProgress(40);
    await this.rawData.replaceDay(
      payload.date,
      batch.rows.map((record, row) => ({
        _id: dayRowId(payload.date, row),
        day: payload.date,
        row,
        scenario: scenario.name,
        record: record as unknown as Record<string, unknown>,
      })),
    );
    await job.updateProgress(80);
    const { cells: _cells, ...injected } = batch.injected;
    // Written last: its presence says the day's raw data is complete.
    await this.batches.upsert({
      day: payload.date,
      scenario: scenario.name,
      scenarioSpec: scenario as unknown as Record<string, unknown>,
      seed: batch.seed,
      rows: batch.rows.length,
      distributionModelVersion: version,
      injected: { ...injected, invalidRows: batch.invalid.length } as unknown as Record<string, unknown>,
      trigger: payload.trigger,
      generation: randomUUID(),
      generateMs: Date.now() - started,
    });
    await this.producer.enqueue(JOBS.PROCESS_DAY, { date: payload.date }, jobIds.process(payload.date));
    return { rows: batch.rows.length, scenario: scenario.name, distributionModelVersion: version, skipped: false };
  }
}

/** Both validated (a clean copy in a fixed key order), so their JSON texts are equal exactly when the scenarios are. */
function sameScenario(stored: Record<string, unknown> | undefined, scenario: Scenario): boolean {
  if (!stored) return false;
  try {
    return JSON.stringify(validateScenario(stored)) === JSON.stringify(scenario);
  } catch {
    return false;
  }
}
