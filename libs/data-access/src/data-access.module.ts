import { AlertDoc, AlertSchema } from './schemas/alert.schema';
import { AlertsRepository } from './repositories/alerts.repository';
import { EvaluationEventDoc, EvaluationEventSchema } from './schemas/evaluation-event.schema';
import { EvaluationEventsRepository } from './repositories/evaluation-events.repository';
import { ModelAliasDoc, ModelAliasSchema } from './schemas/model-alias.schema';
import { ModelAliasesRepository } from './repositories/model-aliases.repository';
import { ModelVersionDoc, ModelVersionSchema } from './schemas/model-version.schema';
import { ModelVersionsRepository } from './repositories/model-versions.repository';
import { ModelWeightChunkDoc, ModelWeightChunkSchema } from './schemas/model-weight-chunk.schema';
import { TrainingEventDoc, TrainingEventSchema } from './schemas/training-event.schema';
import { TrainingEventsRepository } from './repositories/training-events.repository';
import { DeploymentEventDoc, DeploymentEventSchema } from './schemas/deployment-event.schema';
import { DeploymentEventsRepository } from './repositories/deployment-events.repository';
import { FeedbackDoc, FeedbackSchema } from './schemas/feedback.schema';
import { FeedbackRepository } from './repositories/feedback.repository';
import { PredictionDoc, PredictionSchema } from './schemas/prediction.schema';
import { PredictionsRepository } from './repositories/predictions.repository';
import { DaySummaryService } from './day-summary.service';
import { PredictionDailyDoc, PredictionDailySchema } from './schemas/prediction-daily.schema';
import { PredictionDailyRepository } from './repositories/prediction-daily.repository';
import { RetentionService } from './retention.service';
import { ShadowAgreementService } from './shadow-agreement.service';
import { DashboardService } from './dashboard.service';
import { DayDataService } from './day-data.service';
import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DailyBatchDoc, DailyBatchSchema } from './schemas/daily-batch.schema';
import { DistributionModelDoc, DistributionModelSchema } from './schemas/distribution-model.schema';
import { DriftReportDoc, DriftReportSchema } from './schemas/drift-report.schema';
import { PreprocessingVersionDoc, PreprocessingVersionSchema } from './schemas/preprocessing-version.schema';
import { ProcessedRowDoc, ProcessedRowSchema } from './schemas/processed-row.schema';
import { ProcessingMetadataDoc, ProcessingMetadataSchema } from './schemas/processing-metadata.schema';
import { QuarantineDoc, QuarantineSchema } from './schemas/quarantine.schema';
import { RawRowDoc, RawRowSchema } from './schemas/raw-row.schema';
import { DailyBatchesRepository } from './repositories/daily-batches.repository';
import { DistributionModelsRepository } from './repositories/distribution-models.repository';
import { DriftReportsRepository } from './repositories/drift-reports.repository';
import { PreprocessingVersionsRepository } from './repositories/preprocessing-versions.repository';
import { ProcessedDataRepository } from './repositories/processed-data.repository';
import { ProcessingMetadataRepository } from './repositories/processing-metadata.repository';
import { QuarantineRepository } from './repositories/quarantine.repository';
import { RawDataRepository } from './repositories/raw-data.repository';

const repositories = [
  AlertsRepository,
  EvaluationEventsRepository,
  ModelAliasesRepository,
  ModelVersionsRepository,
  TrainingEventsRepository,
  DailyBatchesRepository,
  DistributionModelsRepository,
  DriftReportsRepository,
  PreprocessingVersionsRepository,
  ProcessedDataRepository,
  ProcessingMetadataRepository,
  QuarantineRepository,
  RawDataRepository,
  DeploymentEventsRepository,
  FeedbackRepository,
  PredictionsRepository,
  PredictionDailyRepository,
  RetentionService,
  ShadowAgreementService,
  DashboardService,
  DaySummaryService,
  DayDataService,
];

/** Every collection's schema and its repository; apps use repositories, never mongoose models. */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AlertDoc.name, schema: AlertSchema },
      { name: EvaluationEventDoc.name, schema: EvaluationEventSchema },
      { name: ModelAliasDoc.name, schema: ModelAliasSchema },
      { name: ModelVersionDoc.name, schema: ModelVersionSchema },
      { name: ModelWeightChunkDoc.name, schema: ModelWeightChunkSchema },
      { name: TrainingEventDoc.name, schema: TrainingEventSchema },
      { name: DailyBatchDoc.name, schema: DailyBatchSchema },
      { name: DistributionModelDoc.name, schema: DistributionModelSchema },
      { name: DriftReportDoc.name, schema: DriftReportSchema },
      { name: PreprocessingVersionDoc.name, schema: PreprocessingVersionSchema },
      { name: ProcessedRowDoc.name, schema: ProcessedRowSchema },
      { name: ProcessingMetadataDoc.name, schema: ProcessingMetadataSchema },
      { name: QuarantineDoc.name, schema: QuarantineSchema },
      { name: RawRowDoc.name, schema: RawRowSchema },
      { name: DeploymentEventDoc.name, schema: DeploymentEventSchema },
      { name: FeedbackDoc.name, schema: FeedbackSchema },
      { name: PredictionDailyDoc.name, schema: PredictionDailySchema },
      { name: PredictionDoc.name, schema: PredictionSchema },
    ]),
  ],
  providers: repositories,
  exports: repositories,
})
export class DataAccessModule {}
