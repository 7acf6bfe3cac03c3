import { EventEmitter } from 'node:events';
import { requestMetrics, routeOf, UNROUTED } from './request-metrics.middleware';

function served(req: { baseUrl?: string; route?: { path?: unknown } }, statusCode: number) {
  const observeRequest = jest.fn();
  const res = Object.assign(new EventEmitter(), { statusCode });
  const next = jest.fn();
  requestMetrics({ observeRequest })(req, res, next);
  return { observeRequest, res, next };
}

describe('requestMetrics middleware', () => {
  it('passes the request on at once and observes it when the response has been sent', () => {
    const req: { route?: { path: string } } = {};
    const { observeRequest, res, next } = served(req, 200);
    expect(next).toHaveBeenCalledTimes(1);
    expect(observeRequest).not.toHaveBeenCalled();
    // Routing names the route after the middleware ran; the label is read when the response is done.
    req.route = { path: '/api/v1/predict' };
    res.statusCode = 201;
    res.emit('finish');
    expect(observeRequest).toHaveBeenCalledTimes(1);
    const [route, status, seconds] = observeRequest.mock.calls[0];
    expect([route, status]).toEqual(['/api/v1/predict', 201]);
    expect(seconds).toBeGreaterThanOrEqual(0);
    expect(seconds).toBeLessThan(1);
    res.emit('finish');
    expect(observeRequest).toHaveBeenCalledTimes(1);
  });

  it('labels by the route pattern under its router, never by the raw URL', () => {
    expect(routeOf({ baseUrl: '/api/v1/admin/queues', route: { path: '/api/queues/:name' } })).toBe('/api/v1/admin/queues/api/queues/:name');
    expect(routeOf({ route: { path: '/api/v1/feedback' } })).toBe('/api/v1/feedback');
  });

  it('labels what no route served as unrouted (refused bodies, unknown paths)', () => {
    const { observeRequest, res } = served({}, 413);
    res.emit('finish');
    expect(observeRequest).toHaveBeenCalledWith(UNROUTED, 413, expect.any(Number));
    expect(routeOf({ route: { path: /regex/ } })).toBe(UNROUTED);
  });
});
