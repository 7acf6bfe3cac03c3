import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  aliasByVersion,
  DayDataService,
  DeploymentAction,
  DeploymentEventDoc,
  DeploymentEventsRepository,
  ModelAliasesRepository,
  ModelVersionsRepository,
} from '@loan/data-access';
import type { VersionRef } from '@loan/contracts';
import { classificationReport } from '@loan/ml';
import { decidePromotion, versionsToPrune } from '@loan/serving';
import { AppConfig } from '@loan/platform';
import { ModelRegistryService } from './model-registry.service';
import { ReloadPublisher } from './reload-publisher';

/** A request that conflicts with the registry's state (unknown version, nothing to roll back to). */
export class DeploymentConflictError extends Error {}
export class VersionNotFoundError extends Error {}
/** The champion moved while we decided; the job is retried and decides again on the new state. */
export class AliasRaceError extends Error {}

export interface DeploymentOutcome {
  eventId: string;
  action: DeploymentAction;
  championChanged: boolean;
  champion: number | null;
  challenger: number | null;
  /** False when this decision had already been recorded (a re-run): nothing changed. */
  recorded: boolean;
  reasons: string[];
}

/**
 * Every change of what serves: the promotion policy (deploy jobs) and the admin actions (promote,
 * rollback, prune). Aliases move by compare-and-set and each decision is one deployment_events document
 * keyed by what caused it, so no transaction is needed and a re-run changes nothing.
 */
@Injectable()
export class DeploymentService {
  private readonly logger = new Logger(DeploymentService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ModelRegistryService,
    private readonly versions: ModelVersionsRepository,
    private readonly aliases: ModelAliasesRepository,
    private readonly events: DeploymentEventsRepository,
    private readonly days: DayDataService,
    private readonly reload: ReloadPublisher,
  ) {}

  /** The policy's decision about a freshly trained candidate; `eventId` is the deploy job's id. */
  async decide(eventId: string, day: string, candidateVersion: number): Promise<DeploymentOutcome> {
    const previous = await this.events.findById(eventId);
    if (previous) return this.outcomeOf(previous, false);
    if (!(await this.versions.findByVersion(candidateVersion))) throw new VersionNotFoundError(`model version ${candidateVersion} does not exist`);

    const champion = await this.aliases.get('champion');
    const championVersion = champion?.version ?? null;
    // Our own alias change made before a crash: record what was done instead of deciding anew.
    if (championVersion === candidateVersion && champion?.reason === eventId) {
      return this.record({ _id: eventId, day, action: 'promote', actor: 'policy', fromVersion: champion.previousVersion, toVersion: candidateVersion, championChanged: true, reason: 'promoted by policy (recorded after a restart)', reasons: [] });
    }
    if (championVersion === candidateVersion) {
      return this.record({ _id: eventId, day, action: 'unchanged', actor: 'policy', fromVersion: championVersion, toVersion: candidateVersion, championChanged: false, reason: 'candidate is already champion', reasons: [] });
    }

    const comparison = await this.compare(day, candidateVersion, championVersion);
    const decision = decidePromotion({
      candidate: comparison.candidate,
      champion: comparison.champion,
      rows: comparison.rows,
      minEvalRows: this.config.MIN_EVAL_ROWS,
      minF1Gain: this.config.PROMOTION_MIN_F1_GAIN,
    });
    const metrics = { ...comparison, minEvalRows: this.config.MIN_EVAL_ROWS };
    const base = { _id: eventId, day, actor: 'policy' as const, fromVersion: championVersion, toVersion: candidateVersion, reasons: decision.reasons, metrics };

    if (decision.action === 'promote') {
      if (!(await this.aliases.compareAndSet('champion', championVersion, candidateVersion, eventId))) {
        throw new AliasRaceError(`champion moved from v${championVersion} while deploying v${candidateVersion}; retrying`);
      }
      await this.clearChallengerIf(candidateVersion, eventId);
      return this.record({ ...base, action: 'promote', championChanged: true, reason: `promoted: ${decision.reasons.join('; ')}` });
    }
    const challenger = await this.aliases.get('challenger');
    if (challenger?.version !== candidateVersion && !(await this.aliases.compareAndSet('challenger', challenger?.version ?? null, candidateVersion, eventId))) {
      throw new AliasRaceError(`challenger moved while deploying v${candidateVersion}; retrying`);
    }
    return this.record({ ...base, action: 'challenger', championChanged: false, reason: `challenger: ${decision.reasons.join('; ')}` });
  }

  /** An operator makes `version` champion, whatever the policy says. */
  async promote(version: number, reason = 'promoted by an operator'): Promise<DeploymentOutcome> {
    if (!(await this.versions.findByVersion(version))) throw new VersionNotFoundError(`model version ${version} does not exist`);
    const current = (await this.aliases.get('champion'))?.version ?? null;
    const eventId = `admin.promote.${randomUUID()}`;
    if (current === version) {
      return this.record({ _id: eventId, action: 'unchanged', actor: 'admin', fromVersion: current, toVersion: version, championChanged: false, reason: `v${version} is already champion`, reasons: [] });
    }
    // Loading verifies the checksum: a corrupted artifact never becomes champion.
    (await this.registry.load(version)).model.dispose();
    if (!(await this.aliases.compareAndSet('champion', current, version, eventId))) {
      throw new DeploymentConflictError('the champion changed meanwhile; look again and retry');
    }
    await this.clearChallengerIf(version, eventId);
    return this.record({ _id: eventId, action: 'promote', actor: 'admin', fromVersion: current, toVersion: version, championChanged: true, reason, reasons: [] });
  }

  /** Back to the champion before the current one. */
  async rollback(reason = 'rolled back by an operator'): Promise<DeploymentOutcome> {
    const champion = await this.aliases.get('champion');
    const target = champion?.previousVersion ?? null;
    if (!champion || champion.version === null || target === null) throw new DeploymentConflictError('there is no previous champion to roll back to');
    if (!(await this.versions.findByVersion(target))) throw new DeploymentConflictError(`the previous champion v${target} no longer exists`);
    (await this.registry.load(target)).model.dispose();
    const eventId = `admin.rollback.${randomUUID()}`;
    if (!(await this.aliases.compareAndSet('champion', champion.version, target, eventId))) {
      throw new DeploymentConflictError('the champion changed meanwhile; look again and retry');
    }
    return this.record({ _id: eventId, action: 'rollback', actor: 'admin', fromVersion: champion.version, toVersion: target, championChanged: true, reason, reasons: [] });
  }

  /** Registered versions, newest first, without their weights or artifact text, each with the alias pointing at it (or null). */
  async listVersions(limit: number) {
    const [all, aliases] = await Promise.all([this.versions.listSummaries(limit), this.aliases.list()]);
    const aliasOf = aliasByVersion(aliases);
    return all.map((v) => ({ ...v, alias: aliasOf.get(v.version) ?? null }));
  }

  /** Saves `version` (default: the champion) under `tag`, moving the tag off any other version. */
  async tag(tag: string, version?: number): Promise<{ version: number; tag: string }> {
    const target = version ?? (await this.aliases.get('champion'))?.version ?? null;
    if (target === null) throw new DeploymentConflictError('there is no champion to save');
    if (!(await this.versions.tag(target, tag))) throw new VersionNotFoundError(`model version ${target} does not exist`);
    return { version: target, tag };
  }

  /** The version a number or a saved tag names. */
  async resolve(ref: VersionRef): Promise<number> {
    if ('version' in ref) return ref.version;
    const doc = await this.versions.findByTag(ref.tag);
    if (!doc) throw new VersionNotFoundError(`no model version is saved under the tag ${JSON.stringify(ref.tag)}`);
    return doc.version;
  }

  /** Makes a saved version (by number or tag) champion again; the checksum is verified as for a promotion. */
  async restore(ref: VersionRef): Promise<DeploymentOutcome> {
    const version = await this.resolve(ref);
    return this.promote(version, 'tag' in ref ? `restored from tag ${ref.tag}` : `restored v${version}`);
  }

  /** Deletes all but the newest `keep` versions; champion, challenger, the previous champion and tagged versions always stay. */
  async prune(keep = this.config.KEEP_VERSIONS): Promise<{ kept: number[]; pruned: number[] }> {
    const [all, aliases] = await Promise.all([this.versions.listSummaries(100_000), this.aliases.list()]);
    const tagged = all.filter((v) => v.tags?.length).map((v) => v.version);
    const protectedVersions = [...aliases.flatMap((a) => [a.version, a._id === 'champion' ? a.previousVersion : null]), ...tagged];
    const plan = versionsToPrune({ versions: all.map((v) => v.version), keep, protectedVersions });
    const pruned = await this.versions.deleteExcept(new Set(plan.keep));
    this.logger.log({ kept: plan.keep, pruned }, 'pruned model versions');
    return { kept: plan.keep, pruned };
  }

  private async clearChallengerIf(version: number, reason: string): Promise<void> {
    const challenger = await this.aliases.get('challenger');
    if (challenger?.version === version) await this.aliases.compareAndSet('challenger', version, null, reason);
  }

  /**
   * Candidate and champion scored with their own thresholds on the same never-trained-on rows: the tuning
   * parts of the days the fine-tune was judged on (its episode: after a shift, days before it would judge
   * the new regime's model by the old regime), else the most recent days' tuning parts.
   */
  private async compare(day: string, candidateVersion: number, championVersion: number | null) {
    const candidate = await this.registry.load(candidateVersion);
    const champion = championVersion === null ? null : await this.registry.load(championVersion);
    try {
      const pv = candidate.model.preprocessingVersion;
      const judgeDays = candidate.doc.judgeDays ?? [];
      const data = judgeDays.length
        ? await this.days.tuningRowsOf(judgeDays, pv)
        : await this.days.recentTuningRows(day, this.config.MIN_EVAL_ROWS, this.config.PROMOTION_LOOKBACK_DAYS, pv);
      const score = async (m: typeof candidate) => {
        const r = classificationReport(data.labels, await m.model.predictProba(data.rows), m.model.threshold);
        return { f1: r.f1, precision: r.precision, recall: r.recall, rocAuc: r.rocAuc };
      };
      if (!data.rows.length) throw new DeploymentConflictError(`no processed tuning rows up to ${day} to compare the models on`);
      return {
        rows: data.rows.length,
        days: data.days,
        candidate: await score(candidate),
        champion: champion ? await score(champion) : null,
      };
    } finally {
      candidate.model.dispose();
      champion?.model.dispose();
    }
  }

  private async record(doc: Omit<DeploymentEventDoc, 'createdAt'>): Promise<DeploymentOutcome> {
    const recorded = await this.events.record(doc);
    const outcome = this.outcomeOf(doc, recorded);
    const state = await this.reload.publish(`${doc.action} v${doc.toVersion} (${doc.actor})`);
    this.logger.log({ ...outcome, ...state }, 'deployment decision');
    return { ...outcome, ...state };
  }

  private outcomeOf(doc: Omit<DeploymentEventDoc, 'createdAt'>, recorded: boolean): DeploymentOutcome {
    return {
      eventId: doc._id,
      action: doc.action,
      championChanged: doc.championChanged,
      champion: doc.championChanged ? doc.toVersion : doc.fromVersion,
      challenger: doc.action === 'challenger' ? doc.toVersion : null,
      recorded,
      reasons: doc.reasons,
    };
  }
}
