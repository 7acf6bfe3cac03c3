import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { QueueName } from '@loan/contracts';
import { AppConfig } from './app-config';
import { defaultJobOptions } from './default-job-options';
import { redisOptionsFromUrl } from './redis-options';
import { DayRunnerService } from './day-runner.service';
import { JobsProducer } from './jobs.producer';

/** BullMQ on the configured Redis, with the given queues registered and a validated producer. */
@Module({})
export class QueuesModule {
  static forRoot(queues: readonly QueueName[]): DynamicModule {
    return {
      module: QueuesModule,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisOptionsFromUrl(config.REDIS_URL),
            prefix: config.QUEUE_PREFIX,
            defaultJobOptions: defaultJobOptions(config),
          }),
        }),
        ...queues.map((name) => BullModule.registerQueue({ name })),
      ],
      providers: [JobsProducer, DayRunnerService],
      exports: [BullModule, JobsProducer, DayRunnerService],
    };
  }
}
