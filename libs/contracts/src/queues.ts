// The one map of queues and jobs. These strings are stored in Redis (queue keys, job names, job ids):
// never rename one; add a new name instead.

export const QUEUES = {
  GENERATE: 'generate',
  PROCESS: 'process',
  EVALUATE: 'evaluate',
  TRAIN: 'train',
  DEPLOY: 'deploy',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  GENERATE_DAY: 'generate-day',
  PROCESS_DAY: 'process-day',
  EVALUATE_DAY: 'evaluate-day',
  TRAIN_MODEL: 'train-model',
  DEPLOY_MODEL: 'deploy-model',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Which job names each queue carries; a consumer must handle exactly these. */
export const JOBS_BY_QUEUE: Record<QueueName, readonly JobName[]> = {
  [QUEUES.GENERATE]: [JOBS.GENERATE_DAY],
  [QUEUES.PROCESS]: [JOBS.PROCESS_DAY],
  [QUEUES.EVALUATE]: [JOBS.EVALUATE_DAY],
  [QUEUES.TRAIN]: [JOBS.TRAIN_MODEL],
  [QUEUES.DEPLOY]: [JOBS.DEPLOY_MODEL],
};

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);

/** Redis pub/sub channel on which the deployer tells every inference-api instance to reload. */
export const MODEL_RELOAD_CHANNEL = 'model-reload';

/** The reload channel of one deployment (its QUEUE_PREFIX), so test runs sharing a Redis stay apart. */
export function modelReloadChannel(queuePrefix: string): string {
  return `${queuePrefix}:${MODEL_RELOAD_CHANNEL}`;
}

/** What the deployer publishes on the reload channel after any alias change. */
export interface ModelReloadMessage {
  champion: number | null;
  challenger: number | null;
  reason: string;
  at: string;
}

/** The queue each job name travels on. */
export const QUEUE_OF_JOB: Record<JobName, QueueName> = Object.fromEntries(
  Object.entries(JOBS_BY_QUEUE).flatMap(([queue, jobs]) => jobs.map((job) => [job, queue])),
) as Record<JobName, QueueName>;
