import { Injectable } from '@nestjs/common';
import { DailyBatchesRepository, DriftReportsRepository, ProcessingMetadataRepository } from '@loan/data-access';

export interface DaySummary {
  day: string;
  generated?: { rows: number; scenario: string; ms?: number };
  processed?: { processedRows: number; quarantinedRows: number; evaluationRows: number; tuningRows: number; missingRate: number; outlierRate: number; duplicates: number; ms?: number };
  drift?: { datasetDrift: boolean; driftedShare: number; drifted: string[] };
}

/** What a day has produced so far, stage by stage, from the collections. */
@Injectable()
export class DaySummaryService {
  constructor(
    private readonly batches: DailyBatchesRepository,
    private readonly metadata: ProcessingMetadataRepository,
    private readonly drift: DriftReportsRepository,
  ) {}

  async summarise(day: string): Promise<DaySummary> {
    const [batch, meta, drift] = await Promise.all([
      this.batches.findByDay(day),
      this.metadata.findByDay(day),
      this.drift.findByDay(day),
    ]);
    const quality = meta?.quality as { missingRate: number; outlierRate: number; duplicates: { count: number } } | undefined;
    return {
      day,
      generated: batch ? { rows: batch.rows, scenario: batch.scenario, ms: batch.generateMs } : undefined,
      processed:
        meta && quality
          ? {
              processedRows: meta.processedRows,
              quarantinedRows: meta.quarantinedRows,
              evaluationRows: meta.evaluationRows,
              tuningRows: meta.tuningRows,
              missingRate: quality.missingRate,
              outlierRate: quality.outlierRate,
              duplicates: quality.duplicates.count,
              ms: meta.processMs,
            }
          : undefined,
      drift: drift
        ? {
            datasetDrift: drift.datasetDrift,
            driftedShare: drift.driftedShare,
            drifted: (drift.features as { column: string; drifted: boolean }[]).filter((f) => f.drifted).map((f) => f.column),
          }
        : undefined,
    };
  }
}
