import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { QueueName } from '@loan/contracts';
import { AppConfig } from './app-config';
import { AppConfigModule } from './config.module';
import { HealthController } from './health.controller';
import { LoggedRoutes, LoggingModule } from './logging.module';
import { QueuesModule } from './queues.module';
import { REDIS_CLIENT, RedisCloser, redisClientProvider } from './redis.provider';

/**
 * What every app needs: validated config, structured logs, MongoDB, BullMQ with its queues,
 * a Redis client and GET /health (MongoDB + Redis).
 */
@Module({})
export class PlatformModule {
  static forApp(app: string, queues: readonly QueueName[], options: { loggedRoutes?: LoggedRoutes } = {}): DynamicModule {
    const queuesModule = QueuesModule.forRoot(queues);
    return {
      module: PlatformModule,
      global: true,
      imports: [
        AppConfigModule,
        LoggingModule.forApp(app, options.loggedRoutes),
        MongooseModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ uri: config.MONGODB_URI, serverSelectionTimeoutMS: 10000 }),
        }),
        queuesModule,
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [redisClientProvider, RedisCloser],
      exports: [AppConfigModule, queuesModule, REDIS_CLIENT],
    };
  }
}
