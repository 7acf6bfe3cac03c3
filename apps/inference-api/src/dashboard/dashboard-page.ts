// The dashboard's page, script and chart library, as static files beside Nest (like Bull Board). They
// hold no data, so they are served without the token; the page asks for it and sends it as a Bearer
// header to the admin API, where every figure comes from.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const DASHBOARD_PATH = '/dashboard';

/** The page's own files: next to this module in the source tree, copied next to main.js by the build. */
export const DASHBOARD_ASSETS = join(__dirname, 'public');

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // ECharts sets inline styles on its elements
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** What @fastify/static 10 hands setHeaders: the reply (Nest's option type still names an older shape). */
interface HeaderTarget {
  header(name: string, value: string): unknown;
}

function securityHeaders(res: HeaderTarget): void {
  res.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Cache-Control', 'no-cache');
}

export function mountDashboard(app: NestFastifyApplication, basePath = DASHBOARD_PATH): void {
  const fastify = app.getHttpAdapter().getInstance();
  // `/dashboard` → `/dashboard/`, so the page's relative URLs (dashboard.js, assets/…) resolve under it.
  // Decided on the raw URL before routing: routing ignores trailing slashes (as express did), so no
  // route can tell the two apart.
  fastify.addHook('onRequest', async (request: { url: string }, reply: { redirect(url: string, code: number): unknown }) => {
    if (request.url !== basePath && !request.url.startsWith(`${basePath}?`)) return;
    await reply.redirect(`${basePath}/${request.url.slice(basePath.length)}`, 301);
  });
  // The page itself, on `/dashboard/`; read once, it holds no data.
  const page = readFileSync(join(DASHBOARD_ASSETS, 'index.html'));
  fastify.get(basePath, (_request, reply) => {
    securityHeaders(reply);
    return reply.type('text/html; charset=utf-8').send(page);
  });
  // Apache ECharts from the installed package: the same file in development, CI and the image, no CDN.
  const echarts = dirname(require.resolve('echarts/dist/echarts.min.js'));
  // decorateReply: false on both: Swagger's and Bull Board's static files use the same plugin, and only
  // one may add reply.sendFile.
  app.useStaticAssets({ root: echarts, prefix: `${basePath}/assets/`, index: false, decorateReply: false, setHeaders: securityHeaders as never });
  app.useStaticAssets({ root: DASHBOARD_ASSETS, prefix: `${basePath}/`, index: false, decorateReply: false, setHeaders: securityHeaders as never });
}
