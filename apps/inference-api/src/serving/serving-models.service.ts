import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AlertsRepository, AliasName, ModelVersionDoc } from '@loan/data-access';
import { FEATURE_COLUMNS, LoanFeatures, PreprocessingFit, preprocessRow } from '@loan/features';
import { LoanModel } from '@loan/ml';
import { MlBackendService, ModelRegistryService } from '@loan/model-registry';
import { PreprocessingFitService } from '@loan/platform';

/** A loaded, checksum-verified, warmed-up model with the exact transform its inputs need. */
export interface ServedModel {
  alias: AliasName;
  doc: ModelVersionDoc;
  model: LoanModel;
  fit: PreprocessingFit;
  loadedAt: Date;
}

/** A borrowed model: it stays alive (not disposed) until released, even if a reload replaced it. */
export interface ModelLease {
  served: ServedModel;
  release: () => void;
}

export class NoChampionError extends Error {}
export class ReloadRefusedError extends Error {}

export interface ReloadResult {
  champion: number | null;
  challenger: number | null;
  changed: AliasName[];
  refused: { alias: AliasName; version: number; reason: string }[];
}

interface Slot {
  served: ServedModel;
  leases: number;
  retired: boolean;
}

/** One all-missing row: predicting it exercises imputation and every kernel once before traffic does. */
const WARM_UP_ROW = Object.fromEntries(FEATURE_COLUMNS.map((c) => [c, null])) as LoanFeatures;

/**
 * Champion and challenger as served. A reload loads the new version beside the old one, verifies its
 * checksum, warms it up and swaps the reference in one assignment; the old model is disposed only
 * when the last request that borrowed it has finished. A version that fails to load is refused and
 * what was serving keeps serving.
 */
@Injectable()
export class ServingModelsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ServingModelsService.name);
  private readonly slots: Partial<Record<AliasName, Slot>> = {};
  private reloading: Promise<ReloadResult> = Promise.resolve({ champion: null, challenger: null, changed: [], refused: [] });
  private backendName = 'unknown';
  private readonly listeners: ((alias: AliasName, served: ServedModel | null) => void)[] = [];

  constructor(
    private readonly registry: ModelRegistryService,
    private readonly fits: PreprocessingFitService,
    private readonly backend: MlBackendService,
    private readonly alerts: AlertsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.backendName = await this.backend.backend();
    const result = await this.reload('start-up');
    if (result.champion === null) this.logger.warn('no champion model yet: predictions answer 503 until one is deployed');
  }

  onApplicationShutdown(): void {
    for (const alias of Object.keys(this.slots) as AliasName[]) this.retire(alias);
  }

  get servingBackend(): string {
    return this.backendName;
  }

  current(alias: AliasName): ServedModel | null {
    return this.slots[alias]?.served ?? null;
  }

  /** Called after every swap (metrics follow the served versions this way). */
  onChange(listener: (alias: AliasName, served: ServedModel | null) => void): void {
    this.listeners.push(listener);
    for (const alias of ['champion', 'challenger'] as const) listener(alias, this.current(alias));
  }

  /** Borrows the model behind `alias` for one batch; null when none is loaded. */
  acquire(alias: AliasName): ModelLease | null {
    const slot = this.slots[alias];
    if (!slot) return null;
    slot.leases++;
    let released = false;
    return {
      served: slot.served,
      release: () => {
        if (released) return;
        released = true;
        slot.leases--;
        if (slot.retired && slot.leases === 0) slot.served.model.dispose();
      },
    };
  }

  /** Re-reads the aliases and swaps in what changed. Reloads run one after another, never interleaved. */
  reload(reason: string): Promise<ReloadResult> {
    this.reloading = this.reloading.catch(() => undefined).then(() => this.reloadNow(reason));
    return this.reloading;
  }

  private async reloadNow(reason: string): Promise<ReloadResult> {
    const result: ReloadResult = { champion: null, challenger: null, changed: [], refused: [] };
    for (const alias of ['champion', 'challenger'] as const) {
      const wanted = await this.registry.aliasVersion(alias);
      const have = this.slots[alias]?.served.doc.version ?? null;
      if (wanted !== have) {
        if (wanted === null) {
          this.retire(alias);
          result.changed.push(alias);
        } else {
          try {
            this.install(alias, await this.loadVerified(alias, wanted));
            result.changed.push(alias);
          } catch (e) {
            const message = (e as Error).message;
            result.refused.push({ alias, version: wanted, reason: message });
            this.logger.error({ alias, version: wanted, reason, error: message }, 'reload refused: keeping the current model');
            await this.alertRefusal(alias, wanted, message);
          }
        }
      }
      result[alias] = this.slots[alias]?.served.doc.version ?? null;
      if (result.changed.includes(alias)) for (const l of this.listeners) l(alias, this.current(alias));
    }
    if (result.changed.length) this.logger.log({ ...result, reason }, 'models reloaded');
    return result;
  }

  /**
   * An alias points at a version that cannot serve (altered, truncated, another architecture): an operator
   * must look. One alert per version, alias and reason, however many instances and reloads meet it.
   */
  private async alertRefusal(alias: AliasName, version: number, message: string): Promise<void> {
    const because = createHash('sha256').update(message).digest('hex').slice(0, 12);
    const serving = this.slots[alias]?.served.doc.version ?? null;
    try {
      await this.alerts.raise({
        _id: `model_refused:${alias}:v${version}:${because}`,
        severity: 'CRITICAL',
        kind: 'model_refused',
        message: `${alias} v${version} was refused on load (${message}); ${serving === null ? 'nothing serves as ' + alias : 'v' + serving + ' keeps serving'}`,
        details: { alias, version, reason: message, serving },
      });
    } catch (e) {
      // The database may be what failed: serving goes on either way.
      this.logger.error({ alias, version, error: (e as Error).message }, 'could not store the refusal alert');
    }
  }

  private async loadVerified(alias: AliasName, version: number): Promise<ServedModel> {
    const { doc, model } = await this.registry.load(version);
    try {
      const fit = await this.fits.byFingerprint(model.preprocessingVersion);
      const probs = await model.predictProba([preprocessRow(WARM_UP_ROW, fit)]);
      if (!(probs.length === 1 && probs[0] >= 0 && probs[0] <= 1)) throw new ReloadRefusedError(`v${version} answered ${probs[0]} on the warm-up row`);
      return { alias, doc, model, fit, loadedAt: new Date() };
    } catch (e) {
      model.dispose();
      throw e;
    }
  }

  private install(alias: AliasName, served: ServedModel): void {
    const old = this.slots[alias];
    this.slots[alias] = { served, leases: 0, retired: false };
    if (old) this.retireSlot(old);
  }

  private retire(alias: AliasName): void {
    const old = this.slots[alias];
    delete this.slots[alias];
    if (old) this.retireSlot(old);
  }

  private retireSlot(slot: Slot): void {
    slot.retired = true;
    if (slot.leases === 0) slot.served.model.dispose();
  }
}
