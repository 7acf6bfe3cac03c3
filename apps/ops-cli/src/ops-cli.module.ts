import { Module } from '@nestjs/common';
import { QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { ModelRegistryModule } from '@loan/model-registry';
import { DistributionSampler, PlatformModule, PreprocessingFitService, ReferenceDataService, ReferenceSplitService } from '@loan/platform';
import { BootstrapService } from './bootstrap.service';

/** Operator commands: the same queues and repositories the apps use, without serving anything. */
@Module({
  // generate: run-day and backfill queue there; process and evaluate: status reads their jobs' states.
  imports: [PlatformModule.forApp('ops-cli', [QUEUES.GENERATE, QUEUES.PROCESS, QUEUES.EVALUATE]), DataAccessModule, ModelRegistryModule],
  providers: [ReferenceDataService, PreprocessingFitService, DistributionSampler, ReferenceSplitService, BootstrapService],
})
export class OpsCliModule {}
