// Counts and times every HTTP request once its response has been sent, labelled by the route pattern
// that served it. A Fastify onResponse hook, not a Nest interceptor: a global interceptor puts rxjs and an
// AsyncResource.bind on every request, about a tenth of the serving path's CPU at thousands of
// predictions a second (docs/performance.md). It also sees what no controller took (unknown paths) as
// UNROUTED; a body refused for its size or syntax is counted under the route it was sent to.
import { MetricsService } from './metrics.service';

/** The route label of a request no route served (unknown path, wrong method). */
export const UNROUTED = '(unrouted)';

interface RequestLike {
  /** The matched route's pattern with its prefix; absent when no route matched. */
  routeOptions?: { url?: string };
}
interface ReplyLike {
  statusCode: number;
  /** Milliseconds since the request arrived (Fastify measures it from onRequest). */
  elapsedTime: number;
}

/** The route pattern, never the raw URL: ids in paths would make a label value per request. */
export function routeOf(req: RequestLike): string {
  const url = req.routeOptions?.url;
  return typeof url === 'string' ? url : UNROUTED;
}

/** For `fastify.addHook('onResponse', …)`. */
export function requestMetrics(metrics: Pick<MetricsService, 'observeRequest'>) {
  return (req: RequestLike, reply: ReplyLike, done: () => void): void => {
    metrics.observeRequest(routeOf(req), reply.statusCode, reply.elapsedTime / 1000);
    done();
  };
}
