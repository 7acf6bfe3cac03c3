import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { PlatformModule, ReferenceDataService } from '@loan/platform';
import { DailySchedule } from './daily.schedule';
import { DistributionModelService } from './distribution-model.service';
import { GenerateProcessor } from './generate.processor';

@Module({
  imports: [PlatformModule.forApp('generator', [QUEUES.GENERATE, QUEUES.PROCESS]), DataAccessModule, ScheduleModule.forRoot()],
  providers: [ReferenceDataService, DistributionModelService, GenerateProcessor, DailySchedule],
})
export class GeneratorModule {}
