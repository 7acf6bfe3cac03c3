// The dashboard's page, script and chart library, as static files beside Nest (like Bull Board). They
// hold no data, so they are served without the token; the page asks for it and sends it as a Bearer
// header to the admin API, where every figure comes from.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

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

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-cache');
}

export function mountDashboard(app: NestExpressApplication, basePath = DASHBOARD_PATH): void {
  // `/dashboard` → `/dashboard/`, so the page's relative URLs (dashboard.js, assets/…) resolve under it.
  app.use(basePath, (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void) => {
    if ((req.originalUrl ?? req.url) !== basePath) return next();
    res.statusCode = 301;
    res.setHeader('Location', `${basePath}/`);
    res.end();
  });
  // Apache ECharts from the installed package: the same file in development, CI and the image, no CDN.
  const echarts = dirname(require.resolve('echarts/dist/echarts.min.js'));
  app.useStaticAssets(echarts, { prefix: `${basePath}/assets/`, index: false, setHeaders: securityHeaders });
  app.useStaticAssets(DASHBOARD_ASSETS, { prefix: `${basePath}/`, index: 'index.html', setHeaders: securityHeaders });
}
