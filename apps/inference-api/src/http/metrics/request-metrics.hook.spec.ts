import { requestMetrics, routeOf, UNROUTED } from './request-metrics.hook';

describe('requestMetrics hook', () => {
  it('observes the served route, status and latency in seconds, then lets Fastify go on', () => {
    const observeRequest = jest.fn();
    const done = jest.fn();
    requestMetrics({ observeRequest })({ routeOptions: { url: '/api/v1/predict' } }, { statusCode: 201, elapsedTime: 12.5 }, done);
    expect(observeRequest).toHaveBeenCalledWith('/api/v1/predict', 201, 0.0125);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('labels by the route pattern, never by the raw URL', () => {
    expect(routeOf({ routeOptions: { url: '/admin/queues/api/queues/:queueName' } })).toBe('/admin/queues/api/queues/:queueName');
  });

  it('labels what no route served as unrouted (unknown paths, other methods)', () => {
    const observeRequest = jest.fn();
    requestMetrics({ observeRequest })({ routeOptions: {} }, { statusCode: 404, elapsedTime: 0.4 }, () => undefined);
    expect(observeRequest).toHaveBeenCalledWith(UNROUTED, 404, 0.0004);
    expect(routeOf({})).toBe(UNROUTED);
  });
});
