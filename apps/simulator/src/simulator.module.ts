import { Module } from '@nestjs/common';
import { QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { ModelRegistryModule } from '@loan/model-registry';
import { DistributionSampler, PlatformModule, PreprocessingFitService, ReferenceDataService } from '@loan/platform';
import { OracleService } from './oracle.service';
import { DaySettler } from '@loan/testing-loop';
import { DayRecorder } from './day-recorder';

/** The simulator reads what the five apps wrote and watches every queue; it serves nothing. */
@Module({
  imports: [PlatformModule.forApp('simulator', Object.values(QUEUES)), DataAccessModule, ModelRegistryModule],
  providers: [ReferenceDataService, PreprocessingFitService, DistributionSampler, OracleService, DaySettler, DayRecorder],
})
export class SimulatorModule {}
