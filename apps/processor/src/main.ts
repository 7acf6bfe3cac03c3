import { bootstrapApp } from '@loan/platform';
import { ProcessorModule } from './processor.module';

void bootstrapApp(ProcessorModule, { portEnv: 'PROCESSOR_PORT', defaultPort: 3102 });
