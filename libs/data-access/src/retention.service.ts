import { Injectable, Logger } from '@nestjs/common';
import { addDays } from '@loan/contracts';
import { PredictionDayTallies, predictionIdBound } from '@loan/serving';
import { DailyBatchesRepository } from './repositories/daily-batches.repository';
import { PredictionDailyRepository } from './repositories/prediction-daily.repository';
import { PredictionsRepository } from './repositories/predictions.repository';
import { ProcessedDataRepository } from './repositories/processed-data.repository';
import { RawDataRepository } from './repositories/raw-data.repository';

export interface RetentionReport {
  /** The first day kept: everything served or generated before it was compacted. */
  keepFrom: string;
  /** Days whose predictions were tallied into prediction_daily, and how many predictions were deleted. */
  predictionDays: string[];
  predictionsDeleted: number;
  /** Days whose raw and processed rows were removed (their summaries stay), and the rows removed. */
  rowDays: string[];
  rowsDeleted: number;
}

/**
 * Keeps `predictions` and the day row collections to a horizon (FerretDB has no TTL index): predictions
 * served before it are tallied per day into prediction_daily, then deleted; the raw and processed rows of
 * days before it are removed, their daily_batches / processing_metadata / drift_reports summaries kept.
 * Safe to run twice at once or again after a crash: a tally is written once, before its rows go.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly predictions: PredictionsRepository,
    private readonly predictionDaily: PredictionDailyRepository,
    private readonly batches: DailyBatchesRepository,
    private readonly raw: RawDataRepository,
    private readonly processed: ProcessedDataRepository,
  ) {}

  /** Compacts what is older than `horizonDays` days before `today` (UTC `YYYY-MM-DD`). */
  async compact(today: string, horizonDays: number): Promise<RetentionReport> {
    if (!Number.isInteger(horizonDays) || horizonDays < 1) throw new Error(`retention horizon must be a whole number of days >= 1, got ${horizonDays}`);
    const keepFrom = addDays(today, -horizonDays);
    const bound = predictionIdBound(Date.parse(`${keepFrom}T00:00:00Z`));

    const tallies = new PredictionDayTallies();
    for await (const p of this.predictions.servedBefore(bound)) tallies.add(p);
    const days = tallies.result();
    for (const d of days) await this.predictionDaily.keepFirst({ _id: d.day, predictions: d.predictions, byVersion: d.byVersion, shadow: d.shadow });
    const predictionsDeleted = days.length ? await this.predictions.deleteServedBefore(bound) : 0;

    const rowDays = await this.batches.daysWithRowsBefore(keepFrom);
    let rowsDeleted = 0;
    for (const day of rowDays) {
      rowsDeleted += (await this.raw.deleteDay(day)) + (await this.processed.deleteDay(day));
      await this.batches.markRowsRetired(day);
    }
    const report = { keepFrom, predictionDays: days.map((d) => d.day), predictionsDeleted, rowDays, rowsDeleted };
    if (predictionsDeleted || rowsDeleted) this.logger.log({ ...report, predictionDays: report.predictionDays.length, rowDays: rowDays.length }, 'retention compacted');
    return report;
  }
}
