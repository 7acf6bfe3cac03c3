// Which methods the app serves on a path, so a request that matched no route can be told apart: a known
// path with another method is 405 with Allow (RFC 9110 §15.5.6), OPTIONS there is 204 with Allow, an
// unknown path is 404. Built from Fastify's onRoute hook, so every route (Nest's, Swagger's, Bull
// Board's, the static files) is in it and none can be missing; looked up with find-my-way, the router
// Fastify itself uses, so paths match alike. Answered from an onRequest hook, before any body is read
// (Fastify refuses a bodiless QUERY with 400 after that point), and only for requests no route took.
import { METHODS, STATUS_CODES } from 'node:http';
import FindMyWay from 'find-my-way';
import { ROUTER_OPTIONS } from '@loan/platform';

/** The parts of a Fastify instance this reads. */
export interface RouteSource {
  addHook(name: 'onRoute', hook: (route: { method: string | string[]; url: string }) => void): unknown;
}

/** The parts of a Fastify request and reply the hook uses. */
interface RequestLike {
  method: string;
  url: string;
  /** The matched route; its url is absent when no route matched (Fastify's 404 context). */
  routeOptions?: { url?: string };
}
interface ReplyLike {
  code(status: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body?: unknown): unknown;
}

const noop = () => undefined;

export class RouteMethods {
  private readonly router = FindMyWay(ROUTER_OPTIONS);

  /** Records every route the instance registers from now on (call before the app's routes are registered). */
  track(source: RouteSource): this {
    source.addHook('onRoute', (route) => this.add(route.method, route.url));
    return this;
  }

  add(method: string | string[], url: string): void {
    for (const m of ([] as string[]).concat(method)) {
      const upper = m.toUpperCase();
      if (!METHODS.includes(upper) || this.router.hasRoute(upper as never, url)) continue;
      this.router.on(upper as never, url, noop);
    }
  }

  /** Upper-case methods served on `path`, HEAD added where GET is; [] for an unknown path. */
  allowed(path: string): string[] {
    const allowed = new Set<string>();
    for (const method of METHODS) {
      if (!this.router.find(method as never, path)) continue;
      allowed.add(method);
      if (method === 'GET') allowed.add('HEAD');
    }
    return [...allowed].sort();
  }

  /** For `fastify.addHook('onRequest', …)`: answers 405 / 204 for a known path; anything else goes on (to 404). */
  otherMethodHook() {
    return async (request: RequestLike, reply: ReplyLike): Promise<void> => {
      if (request.routeOptions?.url !== undefined) return; // a route took it: nothing to decide here
      const path = new URL(request.url, 'http://localhost').pathname;
      const allowed = this.allowed(path);
      if (!allowed.length || allowed.includes(request.method)) return;
      reply.header('Allow', [...allowed, 'OPTIONS'].join(', '));
      if (request.method === 'OPTIONS') {
        await reply.code(204).send();
        return;
      }
      const message = `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`;
      await reply.code(405).send({ statusCode: 405, error: STATUS_CODES[405], message });
    };
  }
}
