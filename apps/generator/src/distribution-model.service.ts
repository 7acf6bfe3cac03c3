import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DistributionModelsRepository } from '@loan/data-access';
import { CopulaModel, createRng, fidelityReport, fitCopula, parseCopulaModel, sampleCopula } from '@loan/synthetic';
import { ReferenceDataService } from '@loan/platform';

const FIDELITY_SAMPLE_ROWS = 10_000;
const FIDELITY_SEED = 'fidelity-check';

/**
 * The generator's distribution model: a Gaussian copula fitted to the reference data, stored as a new
 * version when the data changes (recognised by its sha256) and reused otherwise.
 */
@Injectable()
export class DistributionModelService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DistributionModelService.name);
  private current?: Promise<{ version: number; model: CopulaModel; fidelityScore: number }>;

  constructor(
    private readonly reference: ReferenceDataService,
    private readonly models: DistributionModelsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure();
  }

  ensure() {
    this.current ??= this.loadOrFit().catch((e) => {
      this.current = undefined;
      throw e;
    });
    return this.current;
  }

  private async loadOrFit() {
    const data = await this.reference.load();
    const stored = await this.models.findBySource(data.sha256);
    if (stored) {
      this.logger.log({ version: stored.version, fidelity: stored.fidelityScore }, 'distribution model reused');
      return { version: stored.version, model: parseCopulaModel(JSON.parse(stored.modelJson)), fidelityScore: stored.fidelityScore };
    }
    const started = Date.now();
    const model = fitCopula(data.rows, { fittedAt: new Date().toISOString() });
    const sample = sampleCopula(model, FIDELITY_SAMPLE_ROWS, createRng(FIDELITY_SEED));
    const fidelity = fidelityReport(sample, data.rows);
    const created = await this.models.create({
      sourceSha256: data.sha256,
      sourceRows: data.rows.length,
      modelJson: JSON.stringify(model),
      fidelity: fidelity as unknown as Record<string, unknown>,
      fidelityScore: fidelity.overall,
    });
    this.logger.log(
      {
        version: created.version,
        fidelity: {
          overall: fidelity.overall,
          ks: fidelity.metricMeans.ks,
          tv: fidelity.metricMeans.tv,
          correlation: fidelity.correlationSimilarity,
        },
        ms: Date.now() - started,
      },
      'distribution model fitted',
    );
    return { version: created.version, model, fidelityScore: fidelity.overall };
  }
}
