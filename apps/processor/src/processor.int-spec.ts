import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import {
  DailyBatchesRepository,
  dayRowId,
  DriftReportsRepository,
  ProcessedDataRepository,
  ProcessingMetadataRepository,
  QuarantineRepository,
  RawDataRepository,
} from '@loan/data-access';
import { JOBS, jobIds, QUEUES } from '@loan/contracts';
import { JobsProducer, ReferenceDataService } from '@loan/platform';
import { CopulaModel, fitCopula, generateDailyBatch, Scenario } from '@loan/synthetic';
import { createTestEnv, waitFor } from '@loan/testing';
import { ProcessorModule } from './processor.module';
import { ProcessProcessor } from './process.processor';

describe('processor on the real Redis and MongoDB-wire server', () => {
  const env = createTestEnv('processor');
  let processor: INestApplicationContext;
  let copula: CopulaModel;

  beforeAll(async () => {
    env.apply();
    processor = await NestFactory.createApplicationContext(ProcessorModule, { logger: ['error'] });
    await processor.init();
    copula = fitCopula((await processor.get(ReferenceDataService).load()).rows);
  });

  afterAll(async () => {
    await processor?.close();
    await env.cleanup();
  });

  /** Stands in for the generator: stores a seeded day as it would, then queues the process job. */
  async function generateDay(day: string, scenario: Scenario) {
    const batch = generateDailyBatch(copula, { date: day, scenario: scenario as Scenario, minRows: 300, maxRows: 400, invalidRate: 0.02 });
    await processor.get(RawDataRepository).replaceDay(
      day,
      batch.rows.map((record, row) => ({ _id: dayRowId(day, row), day, row, scenario: scenario.name, record })),
    );
    await processor.get(DailyBatchesRepository).upsert({
      day, scenario: scenario.name, seed: batch.seed, rows: batch.rows.length, distributionModelVersion: 0, trigger: 'test', generation: `test-${day}-${scenario.name}`,
    });
    await processor.get(JobsProducer).enqueue(JOBS.PROCESS_DAY, { date: day }, jobIds.process(day));
    return batch;
  }

  it('processes a day once: report, quarantine, processed rows with a split, drift, and the evaluate job', async () => {
    const day = '2026-11-22';
    const generated = await generateDay(day, { name: 'none' });
    const metadata = processor.get(ProcessingMetadataRepository);
    const meta = await waitFor(() => metadata.findByDay(day), 60_000, 'processing metadata');
    const batch = await processor.get(DailyBatchesRepository).findByDay(day);
    const processed = processor.get(ProcessedDataRepository);

    expect(meta.rows).toBe(batch?.rows);
    expect(meta.processedRows + meta.quarantinedRows).toBe(meta.rows);
    expect(await processed.countByDay(day)).toBe(meta.processedRows);
    // Exactly the rows spoilt beyond repair are quarantined, each with its reason, and none is lost.
    expect(generated.invalid.length).toBeGreaterThan(0);
    expect(meta.quarantinedRows).toBe(new Set(generated.invalid.map((c) => c.row)).size);
    const quarantined = await processor.get(QuarantineRepository).findByDay(day);
    expect(quarantined.map((q) => q.row).sort((a, b) => a - b)).toEqual([...new Set(generated.invalid.map((c) => c.row))].sort((a, b) => a - b));
    for (const q of quarantined) {
      const cell = generated.invalid.find((c) => c.row === q.row);
      expect(q.reasons.join(' ')).toContain(cell?.column);
    }
    expect(meta.evaluationRows).toBeGreaterThan(meta.processedRows * 0.35);
    expect(meta.tuningRows).toBeGreaterThan(meta.processedRows * 0.35);

    const quality = meta.quality as { missingRate: number; outlierRate: number; missingByColumn: Record<string, number> };
    expect(quality.missingRate).toBeGreaterThan(0.03);
    expect(quality.missingRate).toBeLessThan(0.07);
    expect(quality.outlierRate).toBeGreaterThan(0.005);

    const rows = await processed.findByDay(day);
    expect(rows.every((r) => r.categorical.length === 9 && r.numeric.length === 14)).toBe(true);
    expect(rows.every((r) => r.numeric.every(Number.isFinite))).toBe(true);
    expect(rows.every((r) => r.preprocessingVersion === meta.preprocessingVersion)).toBe(true);

    const drift = await processor.get(DriftReportsRepository).findByDay(day);
    expect(drift?.features).toHaveLength(23);
    expect(typeof drift?.datasetDrift).toBe('boolean');
    expect(drift).toMatchObject({ featureAlpha: 0.01, datasetAlpha: 0.01, datasetPValue: expect.any(Number) });
    // Each feature is tested at its own non-null count against its calibrated no-drift threshold.
    for (const f of (drift?.features ?? []) as { statistic: string; value: number; threshold: number; n: number; flagged: boolean }[]) {
      expect(['wasserstein', 'jensen_shannon']).toContain(f.statistic);
      expect(f.n).toBeGreaterThan(0.8 * meta.processedRows);
      expect(f.n).toBeLessThanOrEqual(meta.processedRows);
      expect(f.threshold).toBeGreaterThan(0);
      expect(f.flagged).toBe(f.value > f.threshold);
    }

    const evaluate: Queue = processor.get(getQueueToken(QUEUES.EVALUATE));
    expect((await evaluate.getJobs(['waiting'])).map((j) => j.id)).toEqual([`evaluate.${day}`]);

    // A retried process job rewrites the same documents instead of adding more.
    const before = rows.map((r) => [r._id, r.split, r.numeric]);
    const summary = await processor.get(ProcessingMetadataRepository).findByDay(day);
    const again = await processor.get(ProcessProcessor).processDay({ date: day }, { updateProgress: async () => undefined } as never);
    // Done already for this raw generation and fit: handed on again, nothing rewritten.
    expect(again.skipped).toBe(true);
    expect(summary?.sourceGeneration).toBe(batch?.generation);
    expect((await processor.get(ProcessingMetadataRepository).findByDay(day))?.processMs).toBe(summary?.processMs);
    const after = (await processed.findByDay(day)).map((r) => [r._id, r.split, r.numeric]);
    expect(after).toEqual(before);
    expect(await processor.get(RawDataRepository).countByDay(day)).toBe(batch?.rows);
  });

  it('a recession day is flagged as drifted more than a normal one', async () => {
    await generateDay('2026-10-01', { name: 'none' });
    await generateDay('2026-10-02', { name: 'custom', shifts: [{ column: 'LIMIT_BAL', scale: 4 }, { column: 'AGE', shift: 15 }, { column: 'BILL_AMT1', scale: 5 }, { column: 'PAY_0', shift: 3 }] });
    const reports = processor.get(DriftReportsRepository);
    const calm = await waitFor(() => reports.findByDay('2026-10-01'), 60_000, 'drift report');
    const shifted = await waitFor(() => reports.findByDay('2026-10-02'), 60_000, 'drift report');
    expect(shifted.driftedShare).toBeGreaterThan(calm.driftedShare);
    const flagged = (shifted.features as { column: string; flagged: boolean }[]).filter((f) => f.flagged).map((f) => f.column);
    expect(flagged).toEqual(expect.arrayContaining(['LIMIT_BAL', 'AGE', 'BILL_AMT1', 'PAY_0']));
    expect(shifted.datasetDrift).toBe(true);
  });
});
