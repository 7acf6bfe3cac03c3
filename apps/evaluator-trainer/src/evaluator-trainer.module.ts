import { Module } from '@nestjs/common';
import { QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { ModelRegistryModule } from '@loan/model-registry';
import { PlatformModule, PreprocessingFitService, ReferenceDataService } from '@loan/platform';
import { EvaluateProcessor } from './evaluate.processor';
import { TrainProcessor } from './train.processor';
import { TrainingWindowService } from './training-window';

@Module({
  imports: [
    PlatformModule.forApp('evaluator-trainer', [QUEUES.EVALUATE, QUEUES.TRAIN, QUEUES.DEPLOY]),
    DataAccessModule,
    ModelRegistryModule,
  ],
  providers: [ReferenceDataService, PreprocessingFitService, TrainingWindowService, EvaluateProcessor, TrainProcessor],
})
export class EvaluatorTrainerModule {}
