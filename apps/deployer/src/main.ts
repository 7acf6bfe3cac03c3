import { bootstrapApp } from '@loan/platform';
import { DeployerModule } from './deployer.module';

void bootstrapApp(DeployerModule, { portEnv: 'DEPLOYER_PORT', defaultPort: 3104 });
