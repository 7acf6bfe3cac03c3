// Validation is per controller (ValidatedInput), so a controller that takes a DTO without it would let
// unchecked input through: every handler parameter typed by a DTO class must be under the pipe.
import { PIPES_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ValidationPipe } from '@nestjs/common';
import { AdminController } from '../api/admin.controller';
import { DashboardController } from '../api/dashboard.controller';
import { FeedbackController } from '../api/feedback.controller';
import { ModelController } from '../api/model.controller';
import { PredictController } from '../api/predict.controller';

const CONTROLLERS = [PredictController, FeedbackController, ModelController, AdminController, DashboardController];
const PLAIN = new Set<unknown>([Object, String, Number, Boolean, Array, undefined]);

const hasValidation = (target: object): boolean => ((Reflect.getMetadata(PIPES_METADATA, target) ?? []) as unknown[]).some((p) => p instanceof ValidationPipe);

describe('ValidatedInput', () => {
  it.each(CONTROLLERS.map((c) => [c.name, c] as const))('%s: every DTO-typed parameter is validated', (_name, controller) => {
    const unvalidated: string[] = [];
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) as Record<string, { index: number }> | undefined;
      if (!args) continue;
      const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];
      const dto = Object.values(args).some((a) => !PLAIN.has(types[a.index]));
      if (dto && !hasValidation(controller) && !hasValidation(controller.prototype[method as keyof typeof controller.prototype])) unvalidated.push(method);
    }
    expect(unvalidated).toEqual([]);
  });

  it('keeps the pipe off POST predict, which parses its own body', () => {
    expect(hasValidation(PredictController)).toBe(false);
    expect(hasValidation(AdminController)).toBe(true);
    expect(hasValidation(FeedbackController)).toBe(true);
  });
});
