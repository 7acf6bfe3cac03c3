import { Module } from '@nestjs/common';
import { QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { ModelRegistryModule } from '@loan/model-registry';
import { PlatformModule } from '@loan/platform';
import { DeployProcessor } from './deploy.processor';

@Module({
  imports: [PlatformModule.forApp('deployer', [QUEUES.DEPLOY]), DataAccessModule, ModelRegistryModule],
  providers: [DeployProcessor],
})
export class DeployerModule {}
