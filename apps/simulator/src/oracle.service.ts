import { Injectable, Logger } from '@nestjs/common';
import { LoanModel, RECIPES, trainWithRecipe } from '@loan/ml';
import { distributionKey, Scenario } from '@loan/synthetic';
import { DistributionSampler } from '@loan/platform';

/**
 * The oracle of a day: the champion's model family (same recipe) trained from scratch on a large sample
 * of that day's distribution. One per distinct distribution (distributionKey), trained once a run.
 */
@Injectable()
export class OracleService {
  private readonly logger = new Logger(OracleService.name);
  private readonly oracles = new Map<string, Promise<LoanModel>>();
  private recipe = 'quick';
  private rows = 20_000;

  constructor(private readonly sampler: DistributionSampler) {}

  configure(options: { recipe: string; rows: number }): void {
    if (!RECIPES[options.recipe]) throw new Error(`unknown recipe ${options.recipe}; expected one of ${Object.keys(RECIPES).join(', ')}`);
    this.recipe = options.recipe;
    this.rows = options.rows;
  }

  oracleFor(scenario: Scenario): Promise<LoanModel> {
    const key = distributionKey(scenario);
    let oracle = this.oracles.get(key);
    if (!oracle) {
      oracle = this.train(scenario, key);
      this.oracles.set(key, oracle);
    }
    return oracle;
  }

  private async train(scenario: Scenario, key: string): Promise<LoanModel> {
    const started = Date.now();
    const sample = await this.sampler.sample(scenario, this.rows, '1999-01-01');
    // 80/20 by position: the sample is i.i.d., so any split is a random one.
    const cut = Math.floor(sample.rows.length * 0.8);
    const result = await trainWithRecipe(RECIPES[this.recipe], {
      train: { rows: sample.rows.slice(0, cut), labels: sample.labels.slice(0, cut) },
      validation: { rows: sample.rows.slice(cut), labels: sample.labels.slice(cut) },
    });
    this.logger.log({ key, rows: this.rows, recipe: this.recipe, valRocAuc: result.validation.rocAuc, ms: Date.now() - started }, 'oracle trained');
    return new LoanModel(result.model, { threshold: result.threshold, preprocessingVersion: sample.preprocessingVersion });
  }

  async dispose(): Promise<void> {
    for (const oracle of this.oracles.values()) (await oracle.catch(() => undefined))?.dispose();
    this.oracles.clear();
  }
}
