import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { DeployModelPayload, JOBS, QUEUES } from '@loan/contracts';
import { DeploymentConflictError, DeploymentService, VersionNotFoundError } from '@loan/model-registry';
import { JobHandlers, QueueConsumer } from '@loan/platform';

@Processor(QUEUES.DEPLOY)
export class DeployProcessor extends QueueConsumer {
  protected readonly queueName = QUEUES.DEPLOY;
  protected readonly handlers: JobHandlers = { [JOBS.DEPLOY_MODEL]: (p, job) => this.deploy(p, job) };

  constructor(private readonly deployments: DeploymentService) {
    super();
  }

  /** Applies the promotion policy to a new version; the job id keys the decision, so a re-run changes nothing. */
  async deploy(payload: DeployModelPayload, job: Job) {
    try {
      return await this.deployments.decide(String(job.id), payload.date, payload.candidateVersion);
    } catch (e) {
      // Retrying cannot make a missing version or missing data appear; an alias race is retried.
      if (e instanceof VersionNotFoundError || e instanceof DeploymentConflictError) throw new UnrecoverableError(e.message);
      throw e;
    }
  }
}
