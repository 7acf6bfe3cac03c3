// The run-day command's scenario: a preset name or a whole scenario as JSON, checked by the generator's
// own validator so the CLI refuses what the generate job would refuse, with the same message.
import { type Scenario, validateScenario } from '@loan/synthetic';

/** A preset name, or a whole scenario as JSON (a custom one with its shifts); --severity scales it. */
export function scenarioFromArgs(spec: string | undefined, severity: number | undefined): Scenario | undefined {
  if (spec === undefined && severity === undefined) return undefined;
  let input: unknown = { name: spec ?? 'none' };
  if (spec?.trim().startsWith('{')) {
    try {
      input = JSON.parse(spec);
    } catch (e) {
      throw new Error(`--scenario is not valid JSON: ${(e as Error).message}`);
    }
  }
  const withSeverity = severity === undefined ? input : { ...(input as object), severity };
  try {
    return validateScenario(withSeverity);
  } catch (e) {
    throw new Error(`--scenario: ${(e as Error).message}`);
  }
}
