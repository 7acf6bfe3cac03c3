// Counts and times every HTTP request when its response has been sent, labelled by the route pattern
// that served it. An express middleware, not a Nest interceptor: a global interceptor puts rxjs and an
// AsyncResource.bind (which goes through Node's deprecation wrapper) on every request, about a tenth of
// the serving path's CPU at thousands of predictions a second (docs/performance.md). Being ahead of
// routing, it also sees what no controller took (bad bodies, unknown paths), as UNROUTED.
import { MetricsService } from './metrics.service';

/** The route label of a request no route served (refused body, unknown path, static file). */
export const UNROUTED = '(unrouted)';

interface RequestLike {
  baseUrl?: string;
  route?: { path?: unknown };
}
interface ResponseLike {
  statusCode: number;
  once(event: 'finish', listener: () => void): unknown;
}

/** The route pattern, never the raw URL: ids in paths would make a label value per request. */
export function routeOf(req: RequestLike): string {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : UNROUTED;
}

export function requestMetrics(metrics: Pick<MetricsService, 'observeRequest'>) {
  return (req: RequestLike, res: ResponseLike, next: () => void): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => metrics.observeRequest(routeOf(req), res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    next();
  };
}
