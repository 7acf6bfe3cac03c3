import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PredictionDoc, PredictionsRepository } from '@loan/data-access';

const FLUSH_EVERY_MS = 200;
const FLUSH_AT_DOCS = 1000;
/** The longest a served prediction may wait in some instance's buffer before it is stored (a flush and a slow write, with clock skew). */
export const PREDICTION_LOG_MAX_DELAY_MS = 10 * FLUSH_EVERY_MS;

/**
 * Served predictions go to MongoDB in the background, in bulk: the response never waits for the write.
 * flush() lets a caller that needs a prediction stored (feedback) wait for the pending ones.
 */
@Injectable()
export class PredictionLogService implements OnApplicationShutdown {
  private readonly logger = new Logger(PredictionLogService.name);
  private pending: Omit<PredictionDoc, 'createdAt'>[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(private readonly predictions: PredictionsRepository) {}

  add(docs: Omit<PredictionDoc, 'createdAt'>[]): void {
    this.pending.push(...docs);
    if (this.pending.length >= FLUSH_AT_DOCS) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes everything added so far; resolves when it is stored (or the write failed and was logged). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(async () => {
      if (!batch.length) return;
      try {
        await this.predictions.insertMany(batch);
      } catch (e) {
        this.failures++;
        this.logger.error({ error: (e as Error).message, lost: batch.length, failures: this.failures }, 'prediction log write failed');
      }
    });
    return this.writing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
