import { bootstrapApp } from '@loan/platform';
import { EvaluatorTrainerModule } from './evaluator-trainer.module';

void bootstrapApp(EvaluatorTrainerModule, { portEnv: 'EVALUATOR_TRAINER_PORT', defaultPort: 3103 });
