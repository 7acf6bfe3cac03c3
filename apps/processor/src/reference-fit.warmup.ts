import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PreprocessingFitService } from '@loan/platform';
import { DriftCalibrationService } from './drift-calibration.service';

/** Fits and stores the preprocessing, and calibrates its drift thresholds, at start-up, so the first job does not pay for it. */
@Injectable()
export class ReferenceFitWarmup implements OnApplicationBootstrap {
  constructor(
    private readonly fits: PreprocessingFitService,
    private readonly calibrations: DriftCalibrationService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.calibrations.forFit(await this.fits.ensureCurrent());
  }
}
