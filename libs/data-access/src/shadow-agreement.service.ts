import { Injectable } from '@nestjs/common';
import { PredictionDailyRepository } from './repositories/prediction-daily.repository';
import { PredictionsRepository } from './repositories/predictions.repository';

/** A challenger's shadow agreement over everything it was compared on: stored predictions and compacted days. */
@Injectable()
export class ShadowAgreementService {
  constructor(
    private readonly predictions: PredictionsRepository,
    private readonly daily: PredictionDailyRepository,
  ) {}

  async of(challengerVersion: number): Promise<{ compared: number; agreed: number }> {
    const [live, compacted] = await Promise.all([this.predictions.shadowAgreement(challengerVersion), this.daily.shadowTotals(challengerVersion)]);
    return { compared: live.compared + compacted.compared, agreed: live.agreed + compacted.agreed };
  }
}
