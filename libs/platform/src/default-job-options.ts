import type { DefaultJobOptions } from 'bullmq';
import type { AppConfig } from './app-config';

/** Retries with exponential backoff; failed jobs are kept for Bull Board, completed ones for a week. */
export function defaultJobOptions(config: AppConfig): DefaultJobOptions {
  return {
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    removeOnComplete: { age: 7 * 24 * 3600, count: 5000 },
    removeOnFail: false,
  };
}
