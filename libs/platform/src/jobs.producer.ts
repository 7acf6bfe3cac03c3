import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { JobName, PayloadOf, QUEUE_OF_JOB, validatePayload } from '@loan/contracts';

/**
 * The one way apps enqueue work: the payload is checked against its job's contract before it reaches
 * Redis, and the caller passes the job id that makes the stage idempotent.
 */
@Injectable()
export class JobsProducer {
  private readonly logger = new Logger(JobsProducer.name);

  constructor(private readonly moduleRef: ModuleRef) {}

  queueFor(jobName: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(QUEUE_OF_JOB[jobName]), { strict: false });
  }

  async enqueue<J extends JobName>(jobName: J, payload: PayloadOf<J>, jobId: string, opts: JobsOptions = {}) {
    validatePayload(jobName, JSON.parse(JSON.stringify(payload)));
    const queue = this.queueFor(jobName);
    const job = await queue.add(jobName, payload, { ...opts, jobId });
    this.logger.log({ queue: queue.name, jobName, jobId: job.id }, 'enqueued');
    return job;
  }
}
