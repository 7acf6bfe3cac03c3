import { Injectable, Logger } from '@nestjs/common';
import { assertPreprocessingFit, fitPreprocessing, PreprocessingFit } from '@loan/features';
import { PreprocessingVersionsRepository } from '@loan/data-access';
import { ReferenceDataService } from './reference-data.service';

/**
 * The preprocessing fitted to the reference data, stored under its content fingerprint so the
 * processor, the trainer and serving all transform with exactly the same statistics.
 */
@Injectable()
export class PreprocessingFitService {
  private readonly logger = new Logger(PreprocessingFitService.name);
  private current?: Promise<PreprocessingFit>;
  private readonly byVersion = new Map<string, PreprocessingFit>();

  constructor(
    private readonly reference: ReferenceDataService,
    private readonly versions: PreprocessingVersionsRepository,
  ) {}

  /** The fit of the current reference data, fitted and stored on first use (idempotent: content-addressed). */
  ensureCurrent(): Promise<PreprocessingFit> {
    this.current ??= (async () => {
      const data = await this.reference.load();
      const fit = fitPreprocessing(data.rows);
      await this.versions.ensure({
        version: fit.fingerprint,
        sourceSha256: data.sha256,
        sourceRows: data.rows.length,
        fit: fit as unknown as Record<string, unknown>,
      });
      this.byVersion.set(fit.fingerprint, fit);
      this.logger.log({ version: fit.fingerprint }, 'preprocessing version ready');
      return fit;
    })();
    return this.current;
  }

  /** A stored fit by version, checked against its fingerprint before use. */
  async byFingerprint(version: string): Promise<PreprocessingFit> {
    const cached = this.byVersion.get(version);
    if (cached) return cached;
    const doc = await this.versions.findByVersion(version);
    if (!doc) throw new Error(`preprocessing version ${version} is not stored`);
    const fit = assertPreprocessingFit(doc.fit);
    this.byVersion.set(version, fit);
    return fit;
  }
}
