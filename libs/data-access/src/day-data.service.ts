import { Injectable } from '@nestjs/common';
import { ProcessedDataRepository } from './repositories/processed-data.repository';
import { ProcessingMetadataRepository } from './repositories/processing-metadata.repository';
import { ProcessedRowDoc } from './schemas/processed-row.schema';
import type { EncodedRow } from '@loan/features';
import type { LabelledData } from '@loan/ml';

export interface DayPart extends LabelledData {
  rows: EncodedRow[];
  labels: number[];
  preprocessingVersion: string | null;
}

/** Tuning parts of several days, and which days they came from. */
export type TuningRows = DayPart & { days: string[] };

/** A day's processed rows as model input, one part (evaluation or tuning) at a time. */
@Injectable()
export class DayDataService {
  constructor(
    private readonly processed: ProcessedDataRepository,
    private readonly metadata: ProcessingMetadataRepository,
  ) {}

  async part(day: string, split: ProcessedRowDoc['split']): Promise<DayPart> {
    const docs = await this.processed.findByDay(day, split);
    const versions = new Set(docs.map((d) => d.preprocessingVersion));
    if (versions.size > 1) throw new Error(`day ${day} mixes preprocessing versions: ${[...versions].join(', ')}`);
    return {
      rows: docs.map((d) => ({ categorical: d.categorical, numeric: d.numeric })),
      labels: docs.map((d) => d.label),
      preprocessingVersion: docs[0]?.preprocessingVersion ?? null,
    };
  }

  /**
   * The tuning parts of the most recent processed days up to `day` (newest first), gathered until
   * `minRows` or `maxDays` is reached. No model trains on a tuning part, so every model can be judged on
   * these rows fairly. Days processed with another preprocessing version are skipped.
   */
  async recentTuningRows(day: string, minRows: number, maxDays: number, preprocessingVersion: string): Promise<TuningRows> {
    return this.gatherTuning(await this.metadata.recentDays(day, maxDays), preprocessingVersion, minRows);
  }

  /**
   * The tuning parts of the given days processed with `preprocessingVersion` (others skipped): the rows a
   * fine-tune was judged on, so the deployer compares on the same regime rather than on days before a shift.
   */
  tuningRowsOf(days: readonly string[], preprocessingVersion: string): Promise<TuningRows> {
    return this.gatherTuning(days, preprocessingVersion, Infinity);
  }

  /** The days' tuning parts of one preprocessing version, in the order given, stopping once `minRows` are in. */
  private async gatherTuning(days: readonly string[], preprocessingVersion: string, minRows: number): Promise<TuningRows> {
    const out: TuningRows = { rows: [], labels: [], preprocessingVersion, days: [] };
    for (const d of days) {
      const part = await this.part(d, 'tuning');
      if (part.preprocessingVersion !== preprocessingVersion) continue;
      out.rows.push(...part.rows);
      out.labels.push(...part.labels);
      out.days.push(d);
      if (out.rows.length >= minRows) break;
    }
    return out;
  }

  /**
   * Both parts of each of the most recent processed days up to `day` (newest first, at most `maxDays`),
   * for the days processed with `preprocessingVersion`: a fine-tune's window trains on the evaluation
   * parts and is judged on the tuning parts.
   */
  async window(day: string, maxDays: number, preprocessingVersion: string): Promise<Array<{ day: string; evaluation: DayPart; tuning: DayPart }>> {
    const out: Array<{ day: string; evaluation: DayPart; tuning: DayPart }> = [];
    for (const d of await this.metadata.recentDays(day, maxDays)) {
      const [evaluation, tuning] = [await this.part(d, 'evaluation'), await this.part(d, 'tuning')];
      if (evaluation.preprocessingVersion !== preprocessingVersion || tuning.preprocessingVersion !== preprocessingVersion) continue;
      out.push({ day: d, evaluation, tuning });
    }
    return out;
  }
}
