import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DistributionModelsRepository } from '@loan/data-access';
import {
  type ClassConditionalCopulaModel,
  createRng,
  fidelityReport,
  fitClassConditionalCopula,
  type GeneratorFidelity,
  labelFidelity,
  parseDistributionModel,
  sampleDistribution,
  splitRows,
} from '@loan/synthetic';
import { ReferenceDataService } from '@loan/platform';

const FIDELITY_SAMPLE_ROWS = 10_000;
const FIDELITY_SEED = 'fidelity-check';
/** Share of the real rows held out from a second, check-only fit, so TRTS/TSTR score rows the generator never saw. */
const FIDELITY_HOLDOUT_SHARE = 0.3;

/**
 * The generator's distribution model: a class-conditional Gaussian copula fitted to the reference data,
 * stored as a new version when the data changes (recognised by its sha256) or when the stored model is of
 * an older kind/schema (then refitted, never misread), and reused otherwise.
 */
@Injectable()
export class DistributionModelService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DistributionModelService.name);
  private current?: Promise<{ version: number; model: ClassConditionalCopulaModel; fidelityScore: number }>;

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
      try {
        const model = parseDistributionModel(JSON.parse(stored.modelJson));
        this.logger.log({ version: stored.version, fidelity: stored.fidelityScore }, 'distribution model reused');
        return { version: stored.version, model, fidelityScore: stored.fidelityScore };
      } catch (e) {
        this.logger.warn({ version: stored.version, reason: (e as Error).message }, 'stored distribution model is of an older kind; refitting');
      }
    }
    const started = Date.now();
    const model = fitClassConditionalCopula(data.rows, { fittedAt: new Date().toISOString() });
    const sample = sampleDistribution(model, FIDELITY_SAMPLE_ROWS, createRng(FIDELITY_SEED));
    // Label structure (TRTS / TSTR / detection) from a check-only fit on a seeded 70% of the rows.
    const split = splitRows(data.rows, FIDELITY_HOLDOUT_SHARE, FIDELITY_SEED);
    const checkSample = sampleDistribution(fitClassConditionalCopula(split.train), split.train.length, createRng(FIDELITY_SEED));
    const fidelity: GeneratorFidelity = { ...fidelityReport(sample, data.rows), labelStructure: labelFidelity(split.train, split.holdout, checkSample, { seed: FIDELITY_SEED }) };
    const label = fidelity.labelStructure;
    const { model: created, created: fittedHere } = await this.models.createForSource({
      sourceSha256: data.sha256,
      sourceRows: data.rows.length,
      modelJson: JSON.stringify(model),
      fidelity: fidelity as unknown as Record<string, unknown>,
      fidelityScore: fidelity.overall,
    }, stored?.version ?? 0);
    if (!fittedHere) {
      // Another generator instance stored the model for this data first: everyone samples from that one.
      this.logger.log({ version: created.version }, 'distribution model stored meanwhile by another instance; using it');
      return { version: created.version, model: parseDistributionModel(JSON.parse(created.modelJson)), fidelityScore: created.fidelityScore };
    }
    this.logger.log(
      {
        version: created.version,
        fidelity: {
          overall: fidelity.overall,
          ks: fidelity.metricMeans.ks,
          tv: fidelity.metricMeans.tv,
          correlation: fidelity.correlationSimilarity,
          trtsAucReal: label.trts.reference.auc,
          trtsAucSynthetic: label.trts.compared.auc,
          trtsGap: label.trts.gap,
          trtsGapSe: label.trts.gapSe,
          tstrAuc: label.tstr.compared.auc,
          tstrGap: label.tstr.gap,
          tstrGapSe: label.tstr.gapSe,
          detectionAuc: label.detection.auc,
          detectionSe: label.detection.se,
        },
        ms: Date.now() - started,
      },
      'distribution model fitted',
    );
    return { version: created.version, model, fidelityScore: fidelity.overall };
  }
}
