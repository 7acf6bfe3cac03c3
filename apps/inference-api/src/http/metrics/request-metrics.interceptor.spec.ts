import { CallHandler, ExecutionContext, NotFoundException } from '@nestjs/common';
import { lastValueFrom, of, throwError } from 'rxjs';
import { MetricsService } from './metrics.service';
import { RequestMetricsInterceptor, statusOfError } from './request-metrics.interceptor';

class PredictController {
  predict() {
    return undefined;
  }
}
Reflect.defineMetadata('path', 'predict', PredictController);
Reflect.defineMetadata('path', '/', PredictController.prototype.predict);

function run(handler: CallHandler, options: { routePath?: string; statusCode?: number } = {}) {
  const observeRequest = jest.fn();
  const interceptor = new RequestMetricsInterceptor({ observeRequest } as unknown as MetricsService);
  const request = options.routePath ? { route: { path: options.routePath } } : {};
  const context = {
    getType: () => 'http',
    getClass: () => PredictController,
    getHandler: () => PredictController.prototype.predict,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ statusCode: options.statusCode ?? 200 }) }),
  } as unknown as ExecutionContext;
  return { result: lastValueFrom(interceptor.intercept(context, handler)), observeRequest };
}

describe('RequestMetricsInterceptor', () => {
  it('observes a success with the route pattern, the response status and the time taken', async () => {
    const { result, observeRequest } = run({ handle: () => of({ ok: true }) }, { routePath: '/api/v1/predict', statusCode: 201 });
    await expect(result).resolves.toEqual({ ok: true });
    expect(observeRequest).toHaveBeenCalledTimes(1);
    const [route, status, seconds] = observeRequest.mock.calls[0];
    expect([route, status]).toEqual(['/api/v1/predict', 201]);
    expect(seconds).toBeGreaterThanOrEqual(0);
    expect(seconds).toBeLessThan(1);
  });

  it("observes an HttpException with its own status and rethrows it", async () => {
    const error = new NotFoundException('no such prediction');
    const { result, observeRequest } = run({ handle: () => throwError(() => error) }, { routePath: '/api/v1/feedback' });
    await expect(result).rejects.toBe(error);
    expect(observeRequest).toHaveBeenCalledWith('/api/v1/feedback', 404, expect.any(Number));
  });

  it('observes any other error as 500', async () => {
    const { result, observeRequest } = run({ handle: () => throwError(() => new Error('boom')) }, { routePath: '/api/v1/predict' });
    await expect(result).rejects.toThrow('boom');
    expect(observeRequest).toHaveBeenCalledWith('/api/v1/predict', 500, expect.any(Number));
  });

  it('falls back to the controller and handler paths when express names no route', async () => {
    const { result, observeRequest } = run({ handle: () => of(1) });
    await result;
    expect(observeRequest).toHaveBeenCalledWith('/predict', 200, expect.any(Number));
  });

  it('leaves non-HTTP contexts alone', async () => {
    const observeRequest = jest.fn();
    const interceptor = new RequestMetricsInterceptor({ observeRequest } as unknown as MetricsService);
    const context = { getType: () => 'rpc' } as unknown as ExecutionContext;
    await lastValueFrom(interceptor.intercept(context, { handle: () => of(1) }));
    expect(observeRequest).not.toHaveBeenCalled();
  });
});

describe('statusOfError', () => {
  it('reads a status from HttpExceptions and http-errors, else 500', () => {
    expect(statusOfError(new NotFoundException())).toBe(404);
    expect(statusOfError(Object.assign(new Error('too large'), { status: 413 }))).toBe(413);
    expect(statusOfError(Object.assign(new Error('odd'), { status: 200 }))).toBe(500);
    expect(statusOfError(null)).toBe(500);
  });
});
