import { Module } from '@nestjs/common';
import { QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { PlatformModule } from '@loan/platform';
import { DaySummaryService } from './day-summary.service';

/** Operator commands: the same queues and repositories the apps use, without serving anything. */
@Module({
  imports: [PlatformModule.forApp('ops-cli', [QUEUES.GENERATE]), DataAccessModule],
  providers: [DaySummaryService],
})
export class OpsCliModule {}
