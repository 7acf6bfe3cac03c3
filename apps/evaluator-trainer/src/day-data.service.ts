import { Injectable } from '@nestjs/common';
import { ProcessedDataRepository, ProcessedRowDoc } from '@loan/data-access';
import type { EncodedRow } from '@loan/features';
import type { LabelledData } from '@loan/ml';

export interface DayPart extends LabelledData {
  rows: EncodedRow[];
  labels: number[];
  preprocessingVersion: string | null;
}

/** A day's processed rows as model input, one part (evaluation or tuning) at a time. */
@Injectable()
export class DayDataService {
  constructor(private readonly processed: ProcessedDataRepository) {}

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
}
