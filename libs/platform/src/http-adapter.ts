// Every app serves HTTP on Fastify. Measured side by side (docs/performance.md, 2026-12-06): a bare Nest
// app on Fastify answered 2.0–3.6× the requests of the same app on express 5, and the inference-api
// ported to it 1.5× its predictions a second on express, with a lower p99.
import { FastifyAdapter } from '@nestjs/platform-fastify';
import bytes from 'bytes';

/** BODY_LIMIT ('8mb', '512kb': what AppConfig accepts) in bytes. */
export function bodyLimitBytes(limit: string): number {
  const parsed = bytes.parse(limit);
  if (parsed === null || !Number.isFinite(parsed) || parsed <= 0) throw new Error(`BODY_LIMIT must look like 8mb or 512kb, got ${JSON.stringify(limit)}`);
  return parsed;
}

/**
 * A client gets this long to send a whole request. Fastify's default is no limit (Node's own server,
 * under express, had 300 s); without one a slow sender can hold connections open for ever. 8 MB (the
 * default BODY_LIMIT) at 1 Mbit/s takes about 67 s.
 */
export const REQUEST_TIMEOUT_MS = 120_000;

/**
 * How paths match, as they did on express: `/api/v1/predict/` is `/api/v1/predict` (Fastify would
 * answer 404). RouteMethods looks paths up with the same options.
 */
export const ROUTER_OPTIONS = { ignoreTrailingSlash: true } as const;

/**
 * The adapter: a body over `bodyLimit` is refused with 413 while it streams in, before it is parsed.
 * Proxy headers are not trusted (as express's default): the admin rate limit counts the socket's address.
 */
export function httpAdapter(bodyLimit: string): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: bodyLimitBytes(bodyLimit), trustProxy: false, requestTimeout: REQUEST_TIMEOUT_MS, routerOptions: ROUTER_OPTIONS });
}
