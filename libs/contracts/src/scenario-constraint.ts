// A day's drift scenario in a job payload or an API body. The scenario's shape (names, severity, column
// and class-conditional shifts) is owned by @loan/synthetic; this only lets class-validator ask its one
// validator, so a bad scenario is refused at the edge with the generator's own message naming the field.
import { registerDecorator, ValidationArguments, ValidationOptions, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { validateScenario } from '@loan/synthetic';

export { SCENARIO_NAMES, type Scenario, type ScenarioName } from '@loan/synthetic';

function scenarioError(value: unknown): string | null {
  try {
    validateScenario(value);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

@ValidatorConstraint({ name: 'scenario' })
export class ScenarioConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return scenarioError(value) === null;
  }
  defaultMessage(args: ValidationArguments): string {
    return scenarioError(args.value) ?? 'invalid scenario';
  }
}

/** The property must be a scenario object that validateScenario accepts. */
export function IsScenario(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({ target: target.constructor, propertyName: String(propertyName), options, validator: ScenarioConstraint });
}
