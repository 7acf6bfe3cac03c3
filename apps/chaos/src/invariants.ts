import { Injectable } from '@nestjs/common';
import { JOBS, jobIds } from '@loan/contracts';
import {
  AlertsRepository,
  DailyBatchesRepository,
  DeploymentEventsRepository,
  EvaluationEventsRepository,
  ModelAliasesRepository,
  ModelVersionsRepository,
  ProcessedDataRepository,
  ProcessingMetadataRepository,
  RawDataRepository,
  TrainingEventDoc,
  TrainingEventsRepository,
} from '@loan/data-access';
import { ModelRegistryService } from '@loan/model-registry';
import { AppConfig, JobsProducer } from '@loan/platform';
import { DaySettler } from '@loan/testing-loop';

export interface InvariantResult {
  name: string;
  ok: boolean;
  /** What was checked, in figures. */
  checked: string;
  violations: string[];
}

/**
 * What must hold after any run of the loop, however many processes were killed and servers restarted
 * (issue 9 §4): read from MongoDB and Redis only, never from the apps' memory.
 */
@Injectable()
export class InvariantChecker {
  constructor(
    private readonly config: AppConfig,
    private readonly producer: JobsProducer,
    private readonly settler: DaySettler,
    private readonly batches: DailyBatchesRepository,
    private readonly metadata: ProcessingMetadataRepository,
    private readonly raw: RawDataRepository,
    private readonly processed: ProcessedDataRepository,
    private readonly evaluations: EvaluationEventsRepository,
    private readonly trainings: TrainingEventsRepository,
    private readonly deployments: DeploymentEventsRepository,
    private readonly alerts: AlertsRepository,
    private readonly versions: ModelVersionsRepository,
    private readonly aliases: ModelAliasesRepository,
    private readonly registry: ModelRegistryService,
  ) {}

  async check(days: string[]): Promise<InvariantResult[]> {
    return [
      await this.daysOnce(days),
      await this.evaluationsPerVersion(days),
      await this.attemptsWithinPolicy(days),
      await this.versionsSound(),
      await this.queuesDrained(),
      await this.aliasesConsistent(),
      await this.alertsOnce(),
    ];
  }

  /** One raw batch and one processed batch per day, the processed one made from the stored raw generation. */
  private async daysOnce(days: string[]): Promise<InvariantResult> {
    const violations: string[] = [];
    for (const day of days) {
      const batches = await this.batches.count({ day });
      const batch = await this.batches.findByDay(day);
      const meta = await this.metadata.findByDay(day);
      if (batches !== 1 || !batch) violations.push(`${day}: ${batches} raw batches`);
      if (!meta) violations.push(`${day}: no processed batch`);
      if (!batch || !meta) continue;
      if (meta.sourceGeneration !== batch.generation) violations.push(`${day}: processed generation ${meta.sourceGeneration}, stored raw generation ${batch.generation}`);
      const rawRows = await this.raw.countByDay(day);
      if (rawRows !== batch.rows) violations.push(`${day}: ${rawRows} raw rows stored, the batch says ${batch.rows}`);
      const processedRows = await this.processed.countByDay(day);
      if (processedRows !== meta.processedRows) violations.push(`${day}: ${processedRows} processed rows stored, the summary says ${meta.processedRows}`);
      for (const [job, id] of [
        [JOBS.GENERATE_DAY, jobIds.generate(day)],
        [JOBS.PROCESS_DAY, jobIds.process(day)],
        [JOBS.EVALUATE_DAY, jobIds.evaluate(day)],
      ] as const) {
        const state = await (await this.producer.queueFor(job).getJob(id))?.getState();
        if (state !== 'completed') violations.push(`${day}: job ${id} is ${state ?? 'missing from Redis'}`);
      }
    }
    return { name: 'every day completed exactly once (one raw batch, one processed batch, its jobs completed)', ok: !violations.length, checked: `${days.length} days`, violations };
  }

  /** At least one evaluation a day, one per champion version, each of a version that exists. */
  private async evaluationsPerVersion(days: string[]): Promise<InvariantResult> {
    const violations: string[] = [];
    let total = 0;
    for (const day of days) {
      const events = await this.evaluations.findByDay(day);
      total += events.length;
      if (!events.length) violations.push(`${day}: no evaluation`);
      const versions = events.map((e) => e.version);
      if (new Set(versions).size !== versions.length) violations.push(`${day}: versions evaluated more than once: ${versions.join(', ')}`);
      for (const v of versions) if (!(await this.versions.findByVersion(v))) violations.push(`${day}: evaluated v${v}, which does not exist`);
      if (events.some((e) => e.decision === 'retrain') && !(await this.trainings.findByDay(day)).some((t) => t.attempt === 1)) {
        violations.push(`${day}: evaluated "retrain" but no fine-tune attempt ran (a lost job)`);
      }
    }
    return { name: 'one evaluation per champion version a day', ok: !violations.length, checked: `${total} evaluations`, violations };
  }

  /** Each fine-tune ladder: attempts 1..k with no gap, at most the policy's count, ended by a deployment or one CRITICAL alert. */
  private async attemptsWithinPolicy(days: string[]): Promise<InvariantResult> {
    const violations: string[] = [];
    let ladders = 0;
    for (const day of days) {
      const byReason = new Map<string, TrainingEventDoc[]>();
      for (const t of await this.trainings.findByDay(day)) byReason.set(t.reason, [...(byReason.get(t.reason) ?? []), t]);
      const alerts = await this.alerts.list({ day });
      for (const [reason, events] of byReason) {
        ladders++;
        const max = reason === 'adapt' ? 1 : this.config.MAX_RETRAIN_ATTEMPTS;
        const attempts = events.map((e) => e.attempt).sort((a, b) => a - b);
        const where = `${day} ${reason}`;
        if (attempts.some((a, i) => a !== i + 1)) violations.push(`${where}: attempts ${attempts.join(', ')} (a gap or a repeat)`);
        if (attempts.length > max) violations.push(`${where}: ${attempts.length} attempts, the policy allows ${max}`);
        const last = events[events.length - 1];
        if (events.slice(0, -1).some((e) => e.success)) violations.push(`${where}: an attempt ran after a successful one`);
        const failedAlerts = alerts.filter((a) => a.kind === 'retrain-failed' && (a.details?.['reason'] ?? 'f1_below_threshold') === reason);
        if (last.success) {
          if (last.newVersion === null) violations.push(`${where}: attempt ${last.attempt} succeeded without a version`);
          else if (!(await this.deployments.findById(jobIds.deploy(day, last.newVersion)))) violations.push(`${where}: v${last.newVersion} never reached the deployer (a lost job)`);
          if (failedAlerts.length) violations.push(`${where}: succeeded, yet ${failedAlerts.length} retrain-failed alert(s)`);
        } else if (reason === 'adapt') {
          if (failedAlerts.length) violations.push(`${where}: an adapt run raised an alert`);
        } else if (attempts.length < max) {
          violations.push(`${where}: the ladder stopped after ${attempts.length} failed attempt(s) (a lost job)`);
        } else if (failedAlerts.length !== 1 || failedAlerts[0].severity !== 'CRITICAL' || failedAlerts[0].details?.['attempts'] !== max) {
          violations.push(`${where}: ${max} failed attempts should raise one CRITICAL alert, found ${failedAlerts.length}`);
        }
      }
    }
    return { name: `fine-tune attempts within policy (≤ ${this.config.MAX_RETRAIN_ATTEMPTS}, then one CRITICAL alert)`, ok: !violations.length, checked: `${ladders} ladders`, violations };
  }

  /** No duplicate or orphan version: numbers and training keys unique, every version loads and matches its checksum. */
  private async versionsSound(): Promise<InvariantResult> {
    const violations: string[] = [];
    const all = await this.versions.list(10_000);
    const numbers = all.map((v) => v.version);
    const keys = all.map((v) => v.trainingKey);
    if (new Set(numbers).size !== numbers.length) violations.push(`duplicate version numbers: ${numbers.join(', ')}`);
    if (new Set(keys).size !== keys.length) violations.push(`one training job made several versions: ${keys.join(', ')}`);
    for (const v of all) {
      try {
        (await this.registry.load(v.version)).model.dispose();
      } catch (e) {
        violations.push(`v${v.version} does not load: ${(e as Error).message}`);
      }
      if (v.kind === 'fine-tuned' && v.attempt !== null) {
        const made = (await this.trainings.findByDay(v.trainingKey.split('.')[1] ?? '')).some((t) => t.newVersion === v.version);
        if (!made) violations.push(`v${v.version} (${v.trainingKey}) has no training event naming it (an orphan)`);
      }
    }
    const orphans = await this.versions.orphanWeightChecksums();
    if (orphans.length) violations.push(`weights no version names: ${orphans.join(', ')}`);
    return { name: 'no duplicate or orphan model version; every version loads and matches its checksum', ok: !violations.length, checked: `${all.length} versions`, violations };
  }

  private async queuesDrained(): Promise<InvariantResult> {
    const busy = await this.settler.busyCounts();
    const failed = await this.settler.failedJobsOf();
    const violations = [...Object.entries(busy).map(([k, n]) => `${n} job(s) ${k}`), ...failed];
    return { name: 'no job lost or stuck (no waiting, active, delayed or failed job left)', ok: !violations.length, checked: '5 queues', violations };
  }

  private async aliasesConsistent(): Promise<InvariantResult> {
    const violations: string[] = [];
    const aliases = await this.aliases.list();
    const champion = aliases.find((a) => a._id === 'champion');
    if (champion?.version === null || champion?.version === undefined) violations.push('no champion');
    for (const a of aliases) {
      for (const [what, v] of [
        ['version', a.version],
        ['previousVersion', a.previousVersion],
      ] as const) {
        if (v !== null && v !== undefined && !(await this.versions.findByVersion(v))) violations.push(`${a._id}.${what} points at v${v}, which does not exist`);
      }
    }
    return { name: 'aliases point at existing versions', ok: !violations.length, checked: aliases.map((a) => `${a._id}=v${a.version}`).join(', '), violations };
  }

  /** Alerts are keyed by what raised them; a second one for the same cause, or a refused model, means a fault leaked. */
  private async alertsOnce(): Promise<InvariantResult> {
    const all = await this.alerts.list();
    const violations: string[] = [];
    const causes = new Map<string, number>();
    for (const a of all) {
      const cause = `${a.kind}:${a.day ?? '-'}:${String(a.details?.['reason'] ?? '')}:${String(a.details?.['version'] ?? '')}`;
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
      if (a.kind === 'model_refused') violations.push(`serving refused a model: ${a.message}`);
    }
    for (const [cause, n] of causes) if (n > 1) violations.push(`${n} alerts for ${cause}`);
    return { name: 'each alert raised once', ok: !violations.length, checked: `${all.length} alerts (${all.map((a) => `${a.severity} ${a.kind} ${a.day ?? ''}`).join('; ') || 'none'})`, violations };
  }
}
