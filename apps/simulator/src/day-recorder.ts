import { Injectable } from '@nestjs/common';
import { AlertsRepository, DaySummaryService, EvaluationEventsRepository, ModelVersionsRepository, TrainingEventsRepository } from '@loan/data-access';
import { aucWithError, classificationReport, LoanModel, logLoss } from '@loan/ml';
import { ModelRegistryService } from '@loan/model-registry';
import { ScoredModel, SimulationDay } from '@loan/simulation';
import { CalendarDay, distributionKey } from '@loan/synthetic';
import { DistributionSampler, EncodedSample } from '@loan/platform';
import { OracleService } from './oracle.service';

/** The audit rows of a day come from another seed than the loop's own rows: the same date a millennium on. */
export const auditSeedDate = (date: string) => `${Number(date.slice(0, 4)) + 1000}${date.slice(4)}`;

/** Records, once a simulated day has settled (DaySettler), what the loop did and how well each model scores. */
@Injectable()
export class DayRecorder {
  private readonly loaded = new Map<number, Promise<LoanModel>>();
  private auditRows = 4000;

  constructor(
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
