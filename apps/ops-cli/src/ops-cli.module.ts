import { Module } from '@nestjs/common';
import { QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { ModelRegistryModule } from '@loan/model-registry';
import { DistributionSampler, PlatformModule, PreprocessingFitService, ReferenceDataService } from '@loan/platform';
import { BootstrapService } from './bootstrap.service';
import { ReferenceSplitService } from '@loan/platform';

/** Operator commands: the same queues and repositories the apps use, without serving anything. */
@Module({
  imports: [PlatformModule.forApp('ops-cli', [QUEUES.GENERATE]), DataAccessModule, ModelRegistryModule],
  providers: [ReferenceDataService, PreprocessingFitService, DistributionSampler, ReferenceSplitService, BootstrapService],
})
export class OpsCliModule {}
