import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from '@loan/contracts';
import {
  AlertsRepository,
  DeploymentEventsRepository,
  EvaluationEventsRepository,
  ModelAliasesRepository,
  ShadowAgreementService,
  TrainingEventsRepository,
} from '@loan/data-access';
import { MetricsService } from './http/metrics/metrics.service';
import { ServingModelsService } from './serving/serving-models.service';

const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Feeds the metrics from where the facts live: the served models, MongoDB and the queues. */
@Injectable()
export class MetricsBridge implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly models: ServingModelsService,
    private readonly trainings: TrainingEventsRepository,
    private readonly deployments: DeploymentEventsRepository,
    private readonly shadow: ShadowAgreementService,
    private readonly alerts: AlertsRepository,
    private readonly evaluations: EvaluationEventsRepository,
    private readonly aliases: ModelAliasesRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.models.onChange((alias, served) => this.metrics.setModel(alias, served?.doc.version ?? null, served?.doc.metrics['f1'] ?? null));
    const queues = ALL_QUEUES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    this.metrics.setSources({
      retrainEvents: () => this.trainings.count(),
      championChanges: () => this.deployments.countChampionChanges(),
      queueDepths: async () => {
        const out: { queue: string; state: string; count: number }[] = [];
        for (const q of queues) {
          const counts = await q.getJobCounts(...COUNTED_STATES);
          for (const state of COUNTED_STATES) out.push({ queue: q.name, state, count: counts[state] ?? 0 });
        }
        return out;
      },
      shadowAgreement: async () => {
        const challenger = this.models.current('challenger');
        if (!challenger) return null;
        const { compared, agreed } = await this.shadow.of(challenger.doc.version);
        return compared ? agreed / compared : null;
      },
      failedRetrains: () => this.trainings.countFailed(),
      openAlerts: () => this.alerts.openCounts(),
      latestEvaluation: async () => {
        const e = await this.evaluations.latest();
        return e && { day: e.day, f1: e.metrics['f1'], bar: e.f1Threshold };
      },
      challengerSince: async () => {
        // updatedAt: the alias schema's timestamps; it moves whenever the challenger changes.
        const alias = (await this.aliases.get('challenger')) as { version: number | null; updatedAt?: Date } | null;
        return alias && alias.version !== null && alias.updatedAt ? new Date(alias.updatedAt) : null;
      },
    });
  }
}
