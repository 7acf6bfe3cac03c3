import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { JobName } from './queues';
import { PAYLOAD_OF, PayloadOf } from './payloads';

export class InvalidPayloadError extends Error {
  constructor(
    readonly jobName: string,
    readonly problems: string[],
  ) {
    super(`invalid payload for job '${jobName}': ${problems.join('; ')}`);
    this.name = 'InvalidPayloadError';
  }
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Checks a job's data against its job name's payload class; throws InvalidPayloadError listing every problem. */
export function validatePayload<J extends JobName>(jobName: J, data: unknown): PayloadOf<J> {
  const cls = PAYLOAD_OF[jobName];
  if (!cls) throw new InvalidPayloadError(jobName, ['unknown job name']);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InvalidPayloadError(jobName, ['payload must be an object']);
  }
  const instance = plainToInstance(cls as new () => object, data);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new InvalidPayloadError(jobName, flatten(errors));
  return instance as PayloadOf<J>;
}
