import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig, redisOptionsFromUrl } from '@loan/platform';

/**
 * The admin rate limit, counted in Redis: every inference-api instance behind a load balancer sees the
 * same hits per client, so scaling out does not multiply the limit (and a restart does not reset it).
 */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [{ ttl: 60_000, limit: config.ADMIN_RATE_LIMIT }],
    storage: throttlerStorage(config),
  };
}

/** Its own connection, namespaced like the queues so stacks sharing a Redis do not share counts. */
export function throttlerStorage(config: AppConfig): ThrottlerStorageRedisService {
  return new ThrottlerStorageRedisService({ ...redisOptionsFromUrl(config.REDIS_URL), keyPrefix: `${config.QUEUE_PREFIX}:throttle:`, maxRetriesPerRequest: 2 });
}
