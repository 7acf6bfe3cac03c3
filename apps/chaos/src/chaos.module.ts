import { Module } from '@nestjs/common';
import { QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { ModelRegistryModule } from '@loan/model-registry';
import { PlatformModule } from '@loan/platform';
import { DaySettler } from '@loan/testing-loop';
import { InvariantChecker } from './invariants';

/** The chaos run watches every queue and reads what the apps wrote; it serves nothing. */
@Module({
  imports: [PlatformModule.forApp('chaos', Object.values(QUEUES)), DataAccessModule, ModelRegistryModule],
  providers: [DaySettler, InvariantChecker],
})
export class ChaosModule {}
