import { Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ALL_QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { ModelRegistryModule } from '@loan/model-registry';
import { AppConfig, PlatformModule, PreprocessingFitService, ReferenceDataService } from '@loan/platform';
import { AdminController } from './api/admin.controller';
import { DashboardController } from './api/dashboard.controller';
import { SimulationReportsService } from './dashboard/simulation-reports.service';
import { FeedbackController } from './api/feedback.controller';
import { ModelController } from './api/model.controller';
import { PredictController } from './api/predict.controller';
import { FeedbackService } from './feedback/feedback.service';
import { AdminAuthGuard } from './http/admin-auth';
import { BodyErrorsFilter } from './http/body-errors.filter';
import { throttlerOptions } from './http/throttler-options';
import { MetricsModule } from './http/metrics/metrics.module';
import { MetricsBridge } from './metrics-bridge';
import { PredictionLogService } from './serving/prediction-log.service';
import { ReloadSubscriber } from './serving/reload-subscriber';
import { ScoringService } from './serving/scoring.service';
import { ServingModelsService } from './serving/serving-models.service';
import { ShadowService } from './serving/shadow.service';

@Module({
  imports: [
    // Every queue: the admin API enqueues days, backfills and retrains, and Bull Board shows them all.
    // Request logs for the operator's calls (admin, dashboard, feedback, model). POST predict gets no
    // request logger: at thousands of requests/s it cost more than the model (docs/performance.md);
    // /metrics counts and times it, and every request no route took as (unrouted).
    PlatformModule.forApp('inference-api', ALL_QUEUES, { loggedRoutes: [{ path: 'admin/{*path}', method: RequestMethod.ALL }, { path: 'feedback', method: RequestMethod.POST }, { path: 'model', method: RequestMethod.GET }] }),
    DataAccessModule,
    // 1-row requests are the common case: wasm first (native TensorFlow is slower per small call).
    ModelRegistryModule.withBackendOrder(['wasm', 'tfjs-node-gpu', 'tfjs-node', 'cpu']),
    MetricsModule,
    ThrottlerModule.forRootAsync({ inject: [AppConfig], useFactory: throttlerOptions }),
  ],
  controllers: [PredictController, FeedbackController, ModelController, AdminController, DashboardController],
  providers: [
    ReferenceDataService,
    PreprocessingFitService,
    ServingModelsService,
    ReloadSubscriber,
    PredictionLogService,
    ShadowService,
    ScoringService,
    FeedbackService,
    SimulationReportsService,
    AdminAuthGuard,
    MetricsBridge,
    { provide: APP_FILTER, useClass: BodyErrorsFilter },
  ],
})
export class InferenceApiModule {}
