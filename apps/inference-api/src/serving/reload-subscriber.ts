import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { modelReloadChannel } from '@loan/contracts';
import { AppConfig, InjectRedis } from '@loan/platform';
import { ServingModelsService } from './serving-models.service';

/**
 * Listens for the deployer's reload message. A subscribed Redis connection can do nothing else, so it
 * is a duplicate of the shared client. The message is only a nudge: the models re-read the aliases.
 */
@Injectable()
export class ReloadSubscriber implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReloadSubscriber.name);
  private subscriber?: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly models: ServingModelsService,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async onModuleInit(): Promise<void> {
    const channel = modelReloadChannel(this.config.QUEUE_PREFIX);
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => {
      this.logger.log({ channel, message }, 'reload message');
      this.models.reload(`deployer: ${message}`).catch((e: Error) => this.logger.error({ error: e.message }, 'reload failed'));
    });
    // After a reconnect a message may have been missed while away: look at the aliases again.
    let connectedBefore = false;
    this.subscriber.on('ready', () => {
      if (connectedBefore) void this.models.reload('redis reconnected').catch(() => undefined);
      connectedBefore = true;
    });
    await this.subscriber.subscribe(channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
