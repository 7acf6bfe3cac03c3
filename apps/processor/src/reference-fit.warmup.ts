import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PreprocessingFitService } from '@loan/platform';

/** Fits and stores the preprocessing at start-up, so the first job does not pay for it. */
@Injectable()
export class ReferenceFitWarmup implements OnApplicationBootstrap {
  constructor(private readonly fits: PreprocessingFitService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.fits.ensureCurrent();
  }
}
