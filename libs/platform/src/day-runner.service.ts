import { Injectable } from '@nestjs/common';
import { daysBetween, JOBS, jobIds, Scenario, Trigger } from '@loan/contracts';
import { JobsProducer } from './jobs.producer';

export const MAX_BACKFILL_DAYS = 366;

/** Two valid days that make no backfill: reversed, or longer than MAX_BACKFILL_DAYS. */
export class BackfillRangeError extends Error {}

export interface EnqueuedDay {
  date: string;
  jobId: string;
  state: string;
  /** False when the day's job already existed: nothing new was queued (idempotent). */
  created: boolean;
}

/** Starts the daily loop for a day or a range of days; a day already queued or done is not queued again. */
@Injectable()
export class DayRunnerService {
  constructor(private readonly producer: JobsProducer) {}

  /** The state of each of the day's first three jobs (the fine-tune and deploy jobs are keyed by attempt and version), or 'absent'. */
  async jobStates(date: string): Promise<Record<'generate' | 'process' | 'evaluate', string>> {
    const stages = [
      ['generate', JOBS.GENERATE_DAY, jobIds.generate(date)],
      ['process', JOBS.PROCESS_DAY, jobIds.process(date)],
      ['evaluate', JOBS.EVALUATE_DAY, jobIds.evaluate(date)],
    ] as const;
    const states = await Promise.all(
      stages.map(async ([, jobName, id]) => {
        const job = await this.producer.queueFor(jobName).getJob(id);
        return job ? await job.getState() : 'absent';
      }),
    );
    return { generate: states[0], process: states[1], evaluate: states[2] };
  }

  async runDay(date: string, trigger: Trigger, scenario?: Scenario): Promise<EnqueuedDay> {
    const jobId = jobIds.generate(date);
    const queue = this.producer.queueFor(JOBS.GENERATE_DAY);
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      // A failed day may be run again on demand; anything else is already queued, running or done.
      if (state === 'failed') {
        await existing.retry('failed');
        return { date, jobId, state: 'waiting', created: false };
      }
      return { date, jobId, state, created: false };
    }
    const payload = { date, trigger, ...(scenario ? { scenario } : {}) };
    const job = await this.producer.enqueue(JOBS.GENERATE_DAY, payload, jobId);
    return { date, jobId, state: await job.getState(), created: true };
  }

  async backfill(from: string, to: string, trigger: Trigger = 'backfill'): Promise<EnqueuedDay[]> {
    // The span is checked before the days are listed: 0001-01-01..9999-12-31 would list 3.6 million.
    const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
    if (span < 1) throw new BackfillRangeError(`range ends before it starts: ${from} > ${to}`);
    if (span > MAX_BACKFILL_DAYS) throw new BackfillRangeError(`a backfill is limited to ${MAX_BACKFILL_DAYS} days (asked ${span})`);
    const days = daysBetween(from, to);
    const out: EnqueuedDay[] = [];
    for (const d of days) out.push(await this.runDay(d, trigger));
    return out;
  }
}
