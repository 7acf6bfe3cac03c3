import { runGradientWorkerIfAsked } from '@loan/ml';
import { bootstrapApp } from '@loan/platform';
import { EvaluatorTrainerModule } from './evaluator-trainer.module';

// This script is also the entry of the training worker threads (TRAIN_THREADS > 1): those only serve gradients.
if (!runGradientWorkerIfAsked()) void bootstrapApp(EvaluatorTrainerModule, { portEnv: 'EVALUATOR_TRAINER_PORT', defaultPort: 3103 });
