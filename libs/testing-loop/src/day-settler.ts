import { Injectable } from '@nestjs/common';
import { JOBS, JobName } from '@loan/contracts';
import { EvaluationEventsRepository } from '@loan/data-access';
import { JobsProducer } from '@loan/platform';

export const ALL_JOBS: JobName[] = [JOBS.GENERATE_DAY, JOBS.PROCESS_DAY, JOBS.EVALUATE_DAY, JOBS.TRAIN_MODEL, JOBS.DEPLOY_MODEL];
/** Every state a job is in before it completes or fails: none may be left when a run is over. */
export const BUSY_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/** A day did not settle: one of its jobs failed for good, or time ran out. */
export class DayNotSettledError extends Error {
  constructor(
    message: string,
    readonly reason: 'failed' | 'timeout',
  ) {
    super(message);
  }
}

/** Watches the queues and the evaluations from outside the apps (the simulator and the chaos run). */
@Injectable()
export class DaySettler {
  constructor(
    private readonly producer: JobsProducer,
    private readonly evaluations: EvaluationEventsRepository,
  ) {}

  /**
   * A day has settled when its evaluation is stored and no queue holds a waiting, active or delayed job:
   * every stage enqueues the next before its own job completes, so the queues are never all idle mid-day.
   * Seen twice in a row, 300 ms apart. A job of the day that failed for good is an error. A poll that
   * cannot reach Redis or the database (a server restarting) is tried again until the deadline.
   */
  async waitSettled(date: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let idleSeen = 0;
    let lastError: Error | null = null;
    while (Date.now() < deadline) {
      try {
        const failed = await this.failedJobsOf(date);
        if (failed.length) throw new DayNotSettledError(`day ${date}: ${failed.join('; ')}`, 'failed');
        const busy = await this.busyJobs();
        const evaluated = (await this.evaluations.findByDay(date)).length > 0;
        idleSeen = busy === 0 && evaluated ? idleSeen + 1 : 0;
        if (idleSeen >= 2) return;
        lastError = null;
      } catch (e) {
        if (e instanceof DayNotSettledError) throw e;
        lastError = e as Error;
        idleSeen = 0;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new DayNotSettledError(`day ${date} did not settle within ${timeoutMs / 1000} s${lastError ? ` (last poll: ${lastError.message})` : ''}`, 'timeout');
  }

  /** Jobs in any queue that have not completed or failed, by queue and state. */
  async busyCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const job of ALL_JOBS) {
      const counts = await this.producer.queueFor(job).getJobCounts(...BUSY_STATES);
      for (const [state, n] of Object.entries(counts)) if (n) out[`${job}:${state}`] = n;
    }
    return out;
  }

  private async busyJobs(): Promise<number> {
    return Object.values(await this.busyCounts()).reduce((a, b) => a + b, 0);
  }

  /** Failed jobs of a day (any day when date is omitted), as "id failed: reason". */
  async failedJobsOf(date?: string): Promise<string[]> {
    const out: string[] = [];
    for (const job of ALL_JOBS) {
      for (const j of await this.producer.queueFor(job).getFailed(0, 200)) {
        if (j?.id && (date === undefined || j.id.includes(date))) out.push(`${j.id} failed: ${j.failedReason}`);
      }
    }
    return out;
  }
}
