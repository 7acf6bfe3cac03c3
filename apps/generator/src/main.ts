import { bootstrapApp } from '@loan/platform';
import { GeneratorModule } from './generator.module';

void bootstrapApp(GeneratorModule, { portEnv: 'GENERATOR_PORT', defaultPort: 3101 });
