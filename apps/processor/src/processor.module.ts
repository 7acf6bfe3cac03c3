import { Module } from '@nestjs/common';
import { QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { PlatformModule, PreprocessingFitService, ReferenceDataService } from '@loan/platform';
import { DriftCalibrationService } from './drift-calibration.service';
import { ProcessProcessor } from './process.processor';
import { ReferenceFitWarmup } from './reference-fit.warmup';

@Module({
  imports: [PlatformModule.forApp('processor', [QUEUES.PROCESS, QUEUES.EVALUATE]), DataAccessModule],
  providers: [ReferenceDataService, PreprocessingFitService, DriftCalibrationService, ReferenceFitWarmup, ProcessProcessor],
})
export class ProcessorModule {}
