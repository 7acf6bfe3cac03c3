import { Injectable } from '@nestjs/common';
import { addDays } from '@loan/contracts';
import { normalQuantile } from '@loan/stats';
import { AlertsRepository } from './repositories/alerts.repository';
import { DailyBatchesRepository } from './repositories/daily-batches.repository';
import { DeploymentEventsRepository } from './repositories/deployment-events.repository';
import { DriftReportsRepository } from './repositories/drift-reports.repository';
import { EvaluationEventsRepository } from './repositories/evaluation-events.repository';
import { aliasByVersion, ModelAliasesRepository } from './repositories/model-aliases.repository';
import { ModelVersionsRepository } from './repositories/model-versions.repository';
import { ProcessingMetadataRepository } from './repositories/processing-metadata.repository';
import { TrainingEventsRepository } from './repositories/training-events.repository';
import { deploymentView } from './day-summary.service';
import { ShadowAgreementService } from './shadow-agreement.service';

export interface DashboardDay {
  day: string;
  scenario: string | null;
  rows: number | null;
  quality: { missingRate: number; outlierRate: number; duplicates: number; quarantinedRows: number; processedRows: number } | null;
  /** The last version scored that day: its metrics, its F1 bar and the decay test (z against its critical value). */
  evaluation: {
    version: number;
    f1: number;
    prAuc: number | null;
    rocAuc: number;
    f1Threshold: number;
    decision: string;
    triggers: string[];
    z: number | null;
    alpha: number;
    /** z_(1−alpha): above it the day retrains. */
    critical: number;
    bound: number | null;
    expected: number | null;
    margin: number;
  } | null;
  drift: { datasetDrift: boolean; driftedShare: number; datasetPValue: number } | null;
  fineTunes: { attempt: number; success: boolean; f1: number; newVersion: number | null }[];
}

export interface DashboardOverview {
  from: string;
  to: string;
  days: DashboardDay[];
  /** Per feature and day, the drift statistic over its no-drift threshold (above 1 = flagged); null where a feature had no data. */
  drift: { features: string[]; days: string[]; ratio: (number | null)[][] };
  versions: { version: number; kind: string; parentVersion: number | null; createdAt: string | null; trainingDays: string[]; attempt: number | null; f1: number | null; alias: string | null }[];
  deployments: { id: string; day: string | null; action: string; actor: string; fromVersion: number | null; toVersion: number | null; championChanged: boolean; reason: string; at: string | null }[];
  aliases: { alias: string; version: number | null }[];
  openAlerts: { id: string; severity: string; kind: string; day: string | null; message: string; at: string | null }[];
  shadow: { challenger: number; compared: number; agreed: number; agreement: number | null } | null;
}

/** Most days one overview spans (a year and a leap day), so a request cannot ask for the whole history at once. */
export const DASHBOARD_MAX_DAYS = 366;

interface DriftFeature {
  column: string;
  value: number | null;
  threshold: number | null;
}

/** What the operator dashboard draws, read in one pass over day-keyed ranges (indexed `_id` ranges everywhere). */
@Injectable()
export class DashboardService {
  constructor(
    private readonly batches: DailyBatchesRepository,
    private readonly metadata: ProcessingMetadataRepository,
    private readonly driftReports: DriftReportsRepository,
    private readonly evaluations: EvaluationEventsRepository,
    private readonly trainings: TrainingEventsRepository,
    private readonly deployments: DeploymentEventsRepository,
    private readonly versions: ModelVersionsRepository,
    private readonly aliases: ModelAliasesRepository,
    private readonly alerts: AlertsRepository,
    private readonly shadow: ShadowAgreementService,
  ) {}

  /** The `days` days ending on `to` (inclusive). */
  async overview(to: string, days: number): Promise<DashboardOverview> {
    const from = addDays(to, -(days - 1));
    const [batches, metas, drifts, evaluations, trainings, deployments, versions, aliases, alerts] = await Promise.all([
      this.batches.between(from, to),
      this.metadata.between(from, to),
      this.driftReports.between(from, to),
      this.evaluations.between(from, to),
      this.trainings.between(from, to),
      this.deployments.recent(500),
      this.versions.listSummaries(500),
      this.aliases.list(),
      this.alerts.list({ acknowledged: false }),
    ]);
    const byDay = <T extends { day: string }>(docs: T[]) => new Map(docs.map((d) => [d.day, d]));
    const batchOf = byDay(batches);
    const metaOf = byDay(metas);
    const driftOf = byDay(drifts);
    // A day scored by two versions (the champion changed that day) shows the newer one, as DaySummary does.
    const evaluationOf = new Map<string, (typeof evaluations)[number]>();
    for (const e of evaluations) if ((evaluationOf.get(e.day)?.version ?? -1) < e.version) evaluationOf.set(e.day, e);
    const allDays = [...new Set([...batchOf.keys(), ...metaOf.keys(), ...evaluationOf.keys()])].sort();

    const dayRows: DashboardDay[] = allDays.map((day) => {
      const batch = batchOf.get(day);
      const meta = metaOf.get(day);
      const drift = driftOf.get(day);
      const e = evaluationOf.get(day);
      const quality = meta?.quality as { missingRate: number; outlierRate: number; duplicates: { count: number } } | undefined;
      return {
        day,
        scenario: batch?.scenario ?? null,
        rows: batch?.rows ?? null,
        quality:
          meta && quality
            ? { missingRate: quality.missingRate, outlierRate: quality.outlierRate, duplicates: quality.duplicates.count, quarantinedRows: meta.quarantinedRows, processedRows: meta.processedRows }
            : null,
        evaluation: e
          ? {
              version: e.version,
              f1: e.metrics['f1'],
              prAuc: e.metrics['prAuc'] ?? null,
              rocAuc: e.metrics['rocAuc'],
              f1Threshold: e.f1Threshold,
              decision: e.decision,
              triggers: e.triggers,
              z: e.z,
              alpha: e.alpha,
              critical: normalQuantile(1 - e.alpha),
              bound: e.bound,
              expected: e.expected,
              margin: e.margin,
            }
          : null,
        drift: drift ? { datasetDrift: drift.datasetDrift, driftedShare: drift.driftedShare, datasetPValue: drift.datasetPValue } : null,
        fineTunes: trainings
          .filter((t) => t.day === day)
          .map((t) => ({ attempt: t.attempt, success: t.success, f1: t.metrics['f1'], newVersion: t.newVersion })),
      };
    });

    const aliasOf = aliasByVersion(aliases);
    const challenger = aliases.find((a) => a._id === 'challenger')?.version ?? null;
    const shadow = challenger === null ? null : { challenger, ...(await this.shadow.of(challenger)) };
    const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : null);
    return {
      from,
      to,
      days: dayRows,
      drift: driftMatrix(drifts.map((d) => ({ day: d.day, features: d.features as unknown as DriftFeature[] }))),
      versions: versions.map((v) => ({
        version: v.version,
        kind: v.kind,
        parentVersion: v.parentVersion,
        createdAt: iso(v.createdAt),
        trainingDays: v.trainingDays,
        attempt: v.attempt,
        f1: v.metrics['f1'] ?? null,
        alias: aliasOf.get(v.version) ?? null,
      })),
      deployments: deployments.map((d) => ({ id: d._id, day: d.day ?? null, ...deploymentView(d), at: iso(d.createdAt) })),
      aliases: aliases.map((a) => ({ alias: a._id, version: a.version })),
      openAlerts: alerts.map((a) => ({
        id: a._id,
        severity: a.severity,
        kind: a.kind,
        day: a.day ?? null,
        message: a.message,
        at: iso((a as { createdAt?: Date }).createdAt),
      })),
      shadow: shadow && { ...shadow, agreement: shadow.compared ? shadow.agreed / shadow.compared : null },
    };
  }
}

/** Features × days of statistic / threshold, the heatmap's cells; features in the order the first report lists them. */
export function driftMatrix(reports: { day: string; features: DriftFeature[] }[]): DashboardOverview['drift'] {
  const features: string[] = [];
  for (const r of reports) for (const f of r.features) if (!features.includes(f.column)) features.push(f.column);
  const ratio = features.map((column) =>
    reports.map((r) => {
      const f = r.features.find((x) => x.column === column);
      return f && f.value !== null && f.threshold ? f.value / f.threshold : null;
    }),
  );
  return { features, days: reports.map((r) => r.day), ratio };
}
