import { Injectable } from '@nestjs/common';
import { AlertsRepository } from './repositories/alerts.repository';
import { DailyBatchesRepository } from './repositories/daily-batches.repository';
import { DeploymentEventsRepository } from './repositories/deployment-events.repository';
import type { DeploymentEventDoc } from './schemas/deployment-event.schema';
import { DriftReportsRepository } from './repositories/drift-reports.repository';
import { EvaluationEventsRepository } from './repositories/evaluation-events.repository';
import { ProcessingMetadataRepository } from './repositories/processing-metadata.repository';
import { TrainingEventsRepository } from './repositories/training-events.repository';

export interface DaySummary {
  day: string;
  generated?: { rows: number; scenario: string; ms?: number };
  processed?: { processedRows: number; quarantinedRows: number; evaluationRows: number; tuningRows: number; missingRate: number; outlierRate: number; duplicates: number; ms?: number };
  drift?: { datasetDrift: boolean; driftedShare: number; drifted: string[] };
  /** The champion's evaluation; aucZ / calibrationZ: the two tests' z (retrain above their critical value), null where one did not run. */
  evaluation?: { version: number; f1: number; rocAuc: number; f1Threshold: number; decision: string; triggers: string[]; aucZ: number | null; calibrationZ: number | null };
  training: { attempt: number; reason: string; f1: number; success: boolean; newVersion: number | null }[];
  deployment: { action: string; actor: string; fromVersion: number | null; toVersion: number | null; championChanged: boolean; reason: string }[];
  alerts: string[];
}

/** A deployment decision as summaries and the dashboard show it. */
export function deploymentView(d: DeploymentEventDoc) {
  return { action: d.action, actor: d.actor, fromVersion: d.fromVersion, toVersion: d.toVersion, championChanged: d.championChanged, reason: d.reason };
}

/** What a day has produced so far, stage by stage, from the collections. */
@Injectable()
export class DaySummaryService {
  constructor(
    private readonly batches: DailyBatchesRepository,
    private readonly metadata: ProcessingMetadataRepository,
    private readonly drift: DriftReportsRepository,
    private readonly evaluations: EvaluationEventsRepository,
    private readonly trainings: TrainingEventsRepository,
    private readonly alerts: AlertsRepository,
    private readonly deployments: DeploymentEventsRepository,
  ) {}

  async summarise(day: string): Promise<DaySummary> {
    const [batch, meta, drift, evaluations, trainings, alerts, deployments] = await Promise.all([
      this.batches.findByDay(day),
      this.metadata.findByDay(day),
      this.drift.findByDay(day),
      this.evaluations.findByDay(day),
      this.trainings.findByDay(day),
      this.alerts.list({ day }),
      this.deployments.findByDay(day),
    ]);
    const evaluation = evaluations[evaluations.length - 1];
    const quality = meta?.quality as { missingRate: number; outlierRate: number; duplicates: { count: number } } | undefined;
    return {
      day,
      generated: batch ? { rows: batch.rows, scenario: batch.scenario, ms: batch.generateMs } : undefined,
      processed:
        meta && quality
          ? {
              processedRows: meta.processedRows,
              quarantinedRows: meta.quarantinedRows,
              evaluationRows: meta.evaluationRows,
              tuningRows: meta.tuningRows,
              missingRate: quality.missingRate,
              outlierRate: quality.outlierRate,
              duplicates: quality.duplicates.count,
              ms: meta.processMs,
            }
          : undefined,
      drift: drift
        ? {
            datasetDrift: drift.datasetDrift,
            driftedShare: drift.driftedShare,
            drifted: (drift.features as { column: string; flagged?: boolean; drifted?: boolean }[]).filter((f) => f.flagged ?? f.drifted).map((f) => f.column),
          }
        : undefined,
      evaluation: evaluation && {
        version: evaluation.version,
        f1: evaluation.metrics['f1'],
        rocAuc: evaluation.metrics['rocAuc'],
        f1Threshold: evaluation.f1Threshold,
        decision: evaluation.decision,
        triggers: evaluation.triggers ?? [],
        aucZ: evaluation.z ?? null,
        calibrationZ: evaluation.calibration?.z ?? null,
      },
      training: trainings.map((t) => ({ attempt: t.attempt, reason: t.reason, f1: t.metrics['f1'], success: t.success, newVersion: t.newVersion })),
      deployment: deployments.map(deploymentView),
      alerts: alerts.map((a) => `${a.severity} ${a.message}`),
    };
  }
}
