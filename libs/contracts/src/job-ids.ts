// Job ids make re-runs idempotent: BullMQ refuses a second job with an id it still holds, and every
// stage's writes are keyed the same way, so a job that runs twice leaves the state of one run.
// Parts are joined with '.', not ':': BullMQ rejects custom ids with ':' (its key separator) unless
// they have exactly three parts, so '.' keeps every id valid and readable.

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function day(value: string): string {
  if (!isIsoDay(value)) throw new Error(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return value;
}

export const jobIds = {
  generate: (date: string) => `generate.${day(date)}`,
  process: (date: string) => `process.${day(date)}`,
  /** The day is scored by whichever model is champion when the job runs; events are keyed (day, version). */
  evaluate: (date: string) => `evaluate.${day(date)}`,
  /** The evaluation-driven fine-tune keeps the short form; admin and feedback fine-tunes name their reason. */
  train: (date: string, attempt: number, reason: 'f1_below_threshold' | 'admin' | 'feedback' | 'adapt' = 'f1_below_threshold') =>
    reason === 'f1_below_threshold' ? `train.${day(date)}.a${attempt}` : `train.${day(date)}.${reason}.a${attempt}`,
  deploy: (date: string, candidateVersion: number) => `deploy.${day(date)}.v${candidateVersion}`,
};

/** Calendar days from `from` to `to` inclusive (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const start = new Date(`${day(from)}T00:00:00Z`).getTime();
  const end = new Date(`${day(to)}T00:00:00Z`).getTime();
  if (end < start) throw new Error(`range ends before it starts: ${from} > ${to}`);
  const out: string[] = [];
  for (let t = start; t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The day `n` days after `from` (before it for negative `n`). */
export function addDays(from: string, n: number): string {
  return new Date(Date.parse(`${day(from)}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
