import { WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { InvalidPayloadError, JOBS_BY_QUEUE, JobName, PayloadOf, QueueName, validatePayload } from '@loan/contracts';

export type JobHandlers = { [J in JobName]?: (payload: PayloadOf<J>, job: Job) => Promise<unknown> };

/**
 * Base of every queue processor: routes each job name to its single handler, validates the payload
 * first (a malformed one fails at once, unretried, having written nothing), and checks at start-up that
 * the handlers cover exactly the job names the contracts put on this queue.
 */
export abstract class QueueConsumer extends WorkerHost implements OnModuleInit {
  protected readonly logger = new Logger(this.constructor.name);
  protected abstract readonly queueName: QueueName;
  protected abstract readonly handlers: JobHandlers;

  onModuleInit(): void {
    const expected = [...JOBS_BY_QUEUE[this.queueName]].sort();
    const actual = Object.keys(this.handlers).sort();
    if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      throw new Error(
        `${this.constructor.name} handles [${actual}] but queue '${this.queueName}' carries [${expected}]: each job needs exactly one handler`,
      );
    }
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as JobName;
    const handler = this.handlers[name] as ((p: unknown, j: Job) => Promise<unknown>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for job '${job.name}' on queue '${this.queueName}'`);
    let payload: unknown;
    try {
      payload = validatePayload(name, job.data);
    } catch (e) {
      if (e instanceof InvalidPayloadError) {
        this.logger.error({ jobId: job.id, problems: e.problems }, e.message);
        throw new UnrecoverableError(e.message);
      }
      throw e;
    }
    const started = Date.now();
    this.logger.log({ jobId: job.id, jobName: name, attempt: job.attemptsMade + 1 }, 'job started');
    const result = await handler.call(this, payload, job);
    this.logger.log({ jobId: job.id, jobName: name, ms: Date.now() - started }, 'job done');
    return result;
  }
}
