import { Injectable, Logger } from '@nestjs/common';
import { ModelAliasesRepository } from '@loan/data-access';
import {
  aucWithError,
  calibrationOffset,
  classificationReport,
  FINE_TUNE_DEFAULTS,
  fineTuneChallenger,
  FULL_RECIPE,
  LoanModel,
  pretrainEncoder,
  QUICK_RECIPE,
  TabTransformer,
  trainClassifier,
  TrainResult,
} from '@loan/ml';
import { ModelRegistryService, TrainingThreadsService } from '@loan/model-registry';
import { printEpoch } from './progress-bar';
import { ReferenceSplit, ReferenceSplitService } from '@loan/platform';

export interface BootstrapResult {
  pretrainedVersion: number;
  fineTunedVersion: number;
  champion: number;
  skipped: boolean;
}

/**
 * The two models that exist from the start, both trained on the real data: version "pretrained"
 * (self-supervised encoder + supervised head) and version "fine-tuned" (that model fine-tuned at a
 * lower learning rate), which becomes the champion.
 */
@Injectable()
export class BootstrapService {
  private readonly logger = new Logger(BootstrapService.name);

  constructor(
    private readonly splits: ReferenceSplitService,
    private readonly registry: ModelRegistryService,
    private readonly aliases: ModelAliasesRepository,
    private readonly threads: TrainingThreadsService,
  ) {}

  async run(options: { quick: boolean; force: boolean }): Promise<BootstrapResult> {
    const current = await this.registry.aliasVersion('champion');
    if (current !== null && !options.force) {
      return { pretrainedVersion: -1, fineTunedVersion: current, champion: current, skipped: true };
    }
    const recipe = options.quick ? QUICK_RECIPE : FULL_RECIPE;
    const data = await this.splits.split();
    const started = Date.now();

    const network = new TabTransformer({ ...recipe.config, seed: 42 });
    const workers = await this.threads.pool();
    if (recipe.pretrain) {
      await pretrainEncoder([...data.train.rows, ...data.validation.rows], {
        ...recipe.pretrain,
        model: network,
        seed: 44,
        workers,
        onEpoch: (p) => printEpoch('pretrain', p),
      });
    }
    const supervised = await trainClassifier(data.train, data.validation, {
      ...recipe.train,
      workers,
      model: network,
      seed: 43,
      onEpoch: (p) => printEpoch('train', p),
    });
    const pretrained = new LoanModel(network, { threshold: supervised.threshold, preprocessingVersion: data.fit.fingerprint });
    const v1 = await this.registry.register({
      model: pretrained,
      trainingKey: `bootstrap.${recipe.name}.pretrained${options.force ? `.${started}` : ''}`,
      kind: 'pretrained',
      parentVersion: null,
      trainingDays: [],
      attempt: null,
      metrics: await this.metrics(pretrained, supervised, data),
      durationMs: Date.now() - started,
    });

    const tunedStarted = Date.now();
    const tuned = await fineTuneChallenger(network, data.train, data.validation, {
      ...(recipe.fineTune ?? FINE_TUNE_DEFAULTS),
      workers,
      seed: 45,
      onEpoch: (p) => printEpoch('fine-tune', p),
    });
    const fineTuned = new LoanModel(tuned.model, { threshold: tuned.threshold, preprocessingVersion: data.fit.fingerprint });
    const v2 = await this.registry.register({
      model: fineTuned,
      trainingKey: `bootstrap.${recipe.name}.fine-tuned${options.force ? `.${started}` : ''}`,
      kind: 'fine-tuned',
      parentVersion: v1.version,
      trainingDays: [],
      attempt: null,
      metrics: await this.metrics(fineTuned, tuned, data),
      durationMs: Date.now() - tunedStarted,
    });
    pretrained.dispose();
    fineTuned.dispose();

    const moved = await this.aliases.compareAndSet('champion', current, v2.version, `bootstrap (${recipe.name})`);
    if (!moved) throw new Error('the champion changed while bootstrapping; nothing was promoted');
    this.logger.log({ pretrained: v1.version, fineTuned: v2.version, ms: Date.now() - started }, 'bootstrap done');
    return { pretrainedVersion: v1.version, fineTunedVersion: v2.version, champion: v2.version, skipped: false };
  }

  /**
   * Validation metrics at the tuned threshold (what the F1 bar derives from), plus hold-out ones. The
   * hold-out's ROC-AUC and DeLong SE are the version's expectedRocAuc / expectedRocAucSe, its calibration
   * offset expectedCalibrationOffset(Se): what it scores on unseen rows of the distribution it was trained
   * for, which the evaluator's decay and calibration tests compare to.
   */
  private async metrics(model: LoanModel, result: TrainResult, data: ReferenceSplit): Promise<Record<string, number>> {
    const holdoutProbs = await model.predictProba(data.holdout.rows);
    const holdout = classificationReport(data.holdout.labels, holdoutProbs, model.threshold);
    const expected = aucWithError(data.holdout.labels, holdoutProbs);
    const calibration = calibrationOffset(data.holdout.labels, holdoutProbs);
    return {
      f1: result.validation.f1,
      precision: result.validation.precision,
      recall: result.validation.recall,
      rocAuc: result.validation.rocAuc,
      prAuc: result.validation.prAuc,
      accuracy: result.validation.accuracy,
      brier: result.validation.brier,
      holdoutF1: holdout.f1,
      holdoutRocAuc: holdout.rocAuc,
      holdoutPrAuc: holdout.prAuc,
      holdoutRows: holdout.count,
      expectedRocAuc: expected.auc,
      expectedRocAucSe: expected.se,
      expectedCalibrationOffset: calibration.offset,
      expectedCalibrationOffsetSe: calibration.se,
      rows: data.train.rows.length,
    };
  }
}
