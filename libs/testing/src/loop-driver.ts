import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Calendar, validateCalendar } from '@loan/synthetic';
import { WORKSPACE_ROOT } from './app-processes';

/** A calendar by name (calendars/<name>.json) or by path. */
export function loadCalendar(nameOrPath: string): Calendar {
  const candidates = [nameOrPath, join(WORKSPACE_ROOT, 'calendars', `${nameOrPath}.json`)];
  const file = candidates.find((p) => existsSync(p) && p.endsWith('.json'));
  if (!file) throw new Error(`no calendar ${nameOrPath} (looked for ${candidates.join(', ')})`);
  try {
    return validateCalendar(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new Error(`calendar ${file}: ${(e as Error).message}`);
  }
}

/** Asks the inference-api's admin API to run a day, as an operator (or the cron) would; returns its answer. */
export async function adminRunDay(api: string, token: string, date: string, scenario: unknown): Promise<{ jobId: string; state: string; created: boolean }> {
  const res = await fetch(`${api}/api/v1/admin/days/${date}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ scenario }),
  });
  if (res.status !== 202) throw new Error(`admin run of ${date} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { jobId: string; state: string; created: boolean };
}
