import { Injectable } from '@nestjs/common';
import { calibrateDrift, DriftCalibration, PreprocessingFit } from '@loan/features';
import { AppConfig } from '@loan/platform';
import { createRng } from '@loan/stats';

/**
 * The drift thresholds of the current fit (about a second of parametric bootstrap), computed once per
 * fit fingerprint and kept in memory. The stream is seeded from the fingerprint, so every processor
 * instance and every restart derives the same thresholds without storing them beside the fit.
 */
@Injectable()
export class DriftCalibrationService {
  private readonly cache = new Map<string, DriftCalibration>();

  constructor(private readonly config: AppConfig) {}

  forFit(fit: PreprocessingFit): DriftCalibration {
    const key = `${fit.fingerprint}|${this.config.DRIFT_FEATURE_ALPHA}`;
    let calibration = this.cache.get(key);
    if (!calibration) {
      const rng = createRng(`drift-calibration|${fit.fingerprint}`);
      calibration = calibrateDrift(fit, () => rng.next(), { alpha: this.config.DRIFT_FEATURE_ALPHA });
      this.cache.set(key, calibration);
    }
    return calibration;
  }
}
