import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { ModelReloadMessage, modelReloadChannel } from '@loan/contracts';
import { ModelAliasesRepository } from '@loan/data-access';
import { AppConfig, InjectRedis } from '@loan/platform';

/**
 * Tells every inference-api instance to reload. The message carries the aliases as they are now, but
 * subscribers re-read MongoDB anyway: a lost or reordered message can delay a reload, never corrupt one.
 */
@Injectable()
export class ReloadPublisher {
  constructor(
    private readonly config: AppConfig,
    private readonly aliases: ModelAliasesRepository,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async publish(reason: string): Promise<{ champion: number | null; challenger: number | null; listeners: number }> {
    const [champion, challenger] = await Promise.all([this.aliases.get('champion'), this.aliases.get('challenger')]);
    const message: ModelReloadMessage = {
      champion: champion?.version ?? null,
      challenger: challenger?.version ?? null,
      reason,
      at: new Date().toISOString(),
    };
    const listeners = await this.redis.publish(modelReloadChannel(this.config.QUEUE_PREFIX), JSON.stringify(message));
    return { champion: message.champion, challenger: message.challenger, listeners };
  }
}
