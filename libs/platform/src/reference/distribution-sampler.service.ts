import { Injectable } from '@nestjs/common';
import { DistributionModelsRepository } from '@loan/data-access';
import { EncodedRow, LABEL_COLUMN, preprocessBatch } from '@loan/features';
import { PreprocessingFitService } from './preprocessing-fit.service';
import { DistributionModel, generateDailyBatch, parseDistributionModel, Scenario } from '@loan/synthetic';

export interface EncodedSample {
  rows: EncodedRow[];
  labels: number[];
  preprocessingVersion: string;
}

/**
 * Clean samples of any day's distribution, from the generator's own stored distribution model and
 * encoded with the stored transform: what the oracle trains on and what the audit scores on. Sampling goes
 * through generateDailyBatch (no gaps or outliers) so it is the generator's distribution exactly; the
 * seed comes from `seedDate`, so audit, oracle and realism-check rows never repeat the loop's own rows.
 */
@Injectable()
export class DistributionSampler {
  private model?: Promise<DistributionModel>;

  constructor(
    private readonly models: DistributionModelsRepository,
    private readonly fits: PreprocessingFitService,
  ) {}

  private distribution(): Promise<DistributionModel> {
    this.model ??= this.models.latest().then((doc) => {
      if (!doc) throw new Error('no distribution model stored: the generator fits one when it starts');
      return parseDistributionModel(JSON.parse(doc.modelJson));
    });
    return this.model;
  }

  async sample(scenario: Scenario, rows: number, seedDate: string): Promise<EncodedSample> {
    const [model, fit] = await Promise.all([this.distribution(), this.fits.ensureCurrent()]);
    const batch = generateDailyBatch(model, { date: seedDate, scenario, minRows: rows, maxRows: rows, missingRate: 0, outlierRate: 0, invalidRate: 0 });
    return {
      rows: preprocessBatch(batch.rows, fit),
      labels: batch.rows.map((r) => r[LABEL_COLUMN]),
      preprocessingVersion: fit.fingerprint,
    };
  }
}
