import { Injectable } from '@nestjs/common';
import { JOBS, JobName } from '@loan/contracts';
import { AlertsRepository, DaySummaryService, EvaluationEventsRepository, ModelVersionsRepository, TrainingEventsRepository } from '@loan/data-access';
import { aucWithError, classificationReport, LoanModel, logLoss } from '@loan/ml';
import { ModelRegistryService } from '@loan/model-registry';
import { JobsProducer } from '@loan/platform';
import { ScoredModel, SimulationDay } from '@loan/simulation';
import { CalendarDay, distributionKey } from '@loan/synthetic';
import { DistributionSampler, EncodedSample } from '@loan/platform';
import { OracleService } from './oracle.service';

const ALL_JOBS: JobName[] = [JOBS.GENERATE_DAY, JOBS.PROCESS_DAY, JOBS.EVALUATE_DAY, JOBS.TRAIN_MODEL, JOBS.DEPLOY_MODEL];
const BUSY_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/** The audit rows of a day come from another seed than the loop's own rows: the same date a millennium on. */
export const auditSeedDate = (date: string) => `${Number(date.slice(0, 4)) + 1000}${date.slice(4)}`;

/** Waits for a simulated day to settle, then records what the loop did and how well each model scores. */
@Injectable()
export class DayRecorder {
  private readonly loaded = new Map<number, Promise<LoanModel>>();
  private auditRows = 4000;

  constructor(
    private readonly producer: JobsProducer,
    private readonly summaries: DaySummaryService,
    private readonly evaluations: EvaluationEventsRepository,
    private readonly trainings: TrainingEventsRepository,
    private readonly alerts: AlertsRepository,
    private readonly versions: ModelVersionsRepository,
    private readonly registry: ModelRegistryService,
    private readonly sampler: DistributionSampler,
    private readonly oracles: OracleService,
  ) {}

  configure(options: { auditRows: number }): void {
    this.auditRows = options.auditRows;
  }

  latestVersion(): Promise<number> {
    return this.versions.latestVersionNumber();
  }

  /**
   * A day has settled when its evaluation is stored and no queue holds a waiting, active or delayed job:
   * every stage enqueues the next before its own job completes, so the queues are never all idle mid-day.
   * Seen twice in a row, 300 ms apart. A job of the day that failed for good is an error.
   */
  async waitSettled(date: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let idleSeen = 0;
    while (Date.now() < deadline) {
      const failed = await this.failedJobsOf(date);
      if (failed.length) throw new Error(`day ${date}: ${failed.join('; ')}`);
      const busy = await this.busyJobs();
      const evaluated = (await this.evaluations.findByDay(date)).length > 0;
      idleSeen = busy === 0 && evaluated ? idleSeen + 1 : 0;
      if (idleSeen >= 2) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`day ${date} did not settle within ${timeoutMs / 1000} s`);
  }

  private async busyJobs(): Promise<number> {
    let busy = 0;
    for (const job of ALL_JOBS) {
      const counts = await this.producer.queueFor(job).getJobCounts(...BUSY_STATES);
      for (const n of Object.values(counts)) busy += n;
    }
    return busy;
  }

  private async failedJobsOf(date: string): Promise<string[]> {
    const out: string[] = [];
    for (const job of ALL_JOBS) {
      for (const j of await this.producer.queueFor(job).getFailed(0, 50)) {
        if (j?.id?.includes(date)) out.push(`${j.id} failed: ${j.failedReason}`);
      }
    }
    return out;
  }

  private model(version: number): Promise<LoanModel> {
    let m = this.loaded.get(version);
    if (!m) {
      m = this.registry.load(version).then((l) => l.model);
      this.loaded.set(version, m);
    }
    return m;
  }

  private async score(model: LoanModel, version: number | null, audit: EncodedSample): Promise<ScoredModel> {
    const probs = await model.predictProba(audit.rows);
    const auc = aucWithError(audit.labels, probs);
    return { version, rocAuc: auc.auc, rocAucSe: auc.se, f1: classificationReport(audit.labels, probs, model.threshold).f1, logLoss: logLoss(audit.labels, probs) };
  }

  async record(day: CalendarDay, staleVersion: number, versionsBefore: number, wallMs: number): Promise<SimulationDay> {
    const { date, scenario } = day;
    const [summary, evaluations, trainings, alerts, versionsAfter] = await Promise.all([
      this.summaries.summarise(date),
      this.evaluations.findByDay(date),
      this.trainings.findByDay(date),
      this.alerts.list({ day: date }),
      this.versions.latestVersionNumber(),
    ]);
    const evaluation = evaluations[evaluations.length - 1];
    const audit = await this.sampler.sample(scenario, this.auditRows, auditSeedDate(date));
    const [champion, stale, oracle] = await Promise.all([this.model(evaluation.version), this.model(staleVersion), this.oracles.oracleFor(scenario)]);
    const severity = scenario.name === 'none' ? 0 : (scenario.severity ?? 1);
    const doc = evaluation as unknown as Record<string, unknown>;
    return {
      index: day.index,
      date,
      scenario: scenario.name,
      severity,
      distributionKey: distributionKey(scenario),
      drifting: severity > 0,
      evaluationRows: evaluation.rows,
      evaluation: {
        version: evaluation.version,
        rocAuc: evaluation.metrics['rocAuc'],
        f1: evaluation.metrics['f1'],
        decision: evaluation.decision,
        reason: typeof doc['reason'] === 'string' ? (doc['reason'] as string) : null,
      },
      drift: {
        datasetDrift: summary.drift?.datasetDrift ?? false,
        flagged: summary.drift?.drifted ?? [],
        share: summary.drift?.driftedShare ?? 0,
      },
      auditRows: audit.rows.length,
      champion: await this.score(champion, evaluation.version, audit),
      stale: await this.score(stale, staleVersion, audit),
      oracle: await this.score(oracle, null, audit),
      attempts: trainings
        .sort((a, b) => a.attempt - b.attempt)
        .map((t) => {
          const rung = (t as unknown as Record<string, unknown>)['rung'];
          return { attempt: t.attempt, rung: typeof rung === 'string' ? rung : null, success: t.success, newVersion: t.newVersion };
        }),
      promotions: summary.deployment.filter((d) => d.championChanged && d.toVersion !== null).map((d) => ({ from: d.fromVersion, to: d.toVersion as number })),
      alerts: alerts.map((a) => ({ severity: a.severity, message: a.message })),
      versionsCreated: Array.from({ length: versionsAfter - versionsBefore }, (_, i) => versionsBefore + i + 1),
      wallMs,
    };
  }

  async dispose(): Promise<void> {
    for (const m of this.loaded.values()) (await m.catch(() => undefined))?.dispose();
    this.loaded.clear();
  }
}
