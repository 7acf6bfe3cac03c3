import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { todayUtc } from '@loan/contracts';
import { RetentionService } from '@loan/data-access';
import { AppConfig, DayRunnerService } from '@loan/platform';

export const DAILY_CRON_NAME = 'daily-generate';

/** Enqueues today's generate job on the configured cron (UTC); the job id keeps it once per day. Then retention. */
@Injectable()
export class DailySchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(DailySchedule.name);

  constructor(
    private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly days: DayRunnerService,
    private readonly retention: RetentionService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.GENERATOR_CRON_ENABLED !== 'true') {
      this.logger.log('daily cron disabled (GENERATOR_CRON_ENABLED=false)');
      return;
    }
    const job = CronJob.from({
      cronTime: this.config.GENERATOR_CRON,
      timeZone: 'UTC',
      onTick: () => void this.tick().catch((e: Error) => this.logger.error(e, 'daily trigger failed')),
    });
    this.registry.addCronJob(DAILY_CRON_NAME, job);
    job.start();
    this.logger.log({ cron: this.config.GENERATOR_CRON, next: job.nextDate().toISO() }, 'daily cron scheduled');
  }

  /**
   * What the cron does on each tick: start the loop for the current UTC day, then, on the first tick of a
   * UTC day in this process, apply retention. A cron may tick far more often than daily (the e2e ticks
   * every second), and a compaction reads `predictions` on FerretDB's SQLite backend, so it runs once a
   * day; every generator instance may do both (the day's job id keeps one run, retention is idempotent).
   */
  async tick(now: Date = new Date()) {
    const today = todayUtc(now);
    const run = await this.days.runDay(today, 'cron');
    if (this.config.RETENTION_DAYS > 0 && this.retainedFor !== today) {
      this.retainedFor = today;
      await this.retention.compact(today, this.config.RETENTION_DAYS);
    }
    return run;
  }

  /** The UTC day retention last ran for in this process. */
  private retainedFor?: string;
}
