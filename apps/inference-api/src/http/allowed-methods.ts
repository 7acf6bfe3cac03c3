// Which methods the express router serves for a path, so a request that matched no route can be told
// apart: a known path with another method is 405 with Allow (RFC 9110 §15.5.6), an unknown path is 404.
// Read from the router itself, not the OpenAPI document, so a route can never be missing from it.
import { METHODS } from 'node:http';

/** The parts of express 5's router (the "router" package) this reads. */
interface RouteLike {
  methods: Record<string, boolean>;
}
interface LayerLike {
  route?: RouteLike;
  match(path: string): boolean;
}
export interface ExpressAppLike {
  router?: { stack?: LayerLike[] };
}

/** Upper-case methods of every route matching `path`, HEAD added where GET is (express answers it); [] for an unknown path. */
export function allowedMethods(app: ExpressAppLike | undefined, path: string): string[] {
  const allowed = new Set<string>();
  for (const layer of app?.router?.stack ?? []) {
    if (!layer.route || !layer.match(path)) continue;
    const methods = Object.entries(layer.route.methods).filter(([m, on]) => on && m !== '_all').map(([m]) => m);
    // A route on every method is a middleware applied to all routes (Nest registers pino-http's that
    // way, once per method), not something served: it says nothing about what the path allows.
    if (methods.length >= METHODS.length) continue;
    for (const method of methods) {
      allowed.add(method.toUpperCase());
      if (method === 'get') allowed.add('HEAD');
    }
  }
  return [...allowed].sort();
}
