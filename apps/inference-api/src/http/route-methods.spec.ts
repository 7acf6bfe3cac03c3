import { RouteMethods } from './route-methods';

/** A fake Fastify reply recording what the hook answered. */
function replyRecorder() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown; ended: boolean } = { headers: {}, ended: false };
  const reply = {
    code: (status: number) => ((sent.status = status), reply),
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    send: (body?: unknown) => ((sent.body = body), (sent.ended = true)),
  };
  return { sent, reply };
}

describe('RouteMethods', () => {
  const routes = new RouteMethods();
  const hooks: ((route: { method: string | string[]; url: string }) => void)[] = [];
  routes.track({ addHook: (_name, hook) => hooks.push(hook) });
  for (const route of [
    { method: ['GET', 'HEAD'], url: '/api/v1/admin/versions/:version' },
    { method: 'POST', url: '/api/v1/predict' },
    { method: 'GET', url: '/dashboard/*' },
    { method: 'POST', url: '/api/v1/predict' }, // registered twice (Fastify's own HEAD routes do this): kept once
  ])
    hooks.forEach((h) => h(route));

  it('lists the methods of every route matching a concrete path, with HEAD where GET is', () => {
    expect(routes.allowed('/api/v1/admin/versions/7')).toEqual(['GET', 'HEAD']);
    expect(routes.allowed('/api/v1/predict')).toEqual(['POST']);
    expect(routes.allowed('/dashboard/assets/echarts.min.js')).toEqual(['GET', 'HEAD']);
    expect(routes.allowed('/api/v1/nothing')).toEqual([]);
  });

  const run = async (method: string, url: string, routeUrl?: string) => {
    const { sent, reply } = replyRecorder();
    await routes.otherMethodHook()({ method, url, routeOptions: { url: routeUrl } }, reply);
    return sent;
  };

  it('answers another method on a known path with 405 naming what is allowed', async () => {
    expect(await run('DELETE', '/api/v1/admin/versions/7?x=1')).toEqual({
      status: 405,
      headers: { Allow: 'GET, HEAD, OPTIONS' },
      body: { statusCode: 405, error: 'Method Not Allowed', message: 'DELETE is not allowed on /api/v1/admin/versions/7; allowed: GET, HEAD' },
      ended: true,
    });
  });

  it('answers OPTIONS on a known path with 204 and Allow', async () => {
    expect(await run('OPTIONS', '/api/v1/predict')).toEqual({ status: 204, headers: { Allow: 'POST, OPTIONS' }, body: undefined, ended: true });
  });

  it('leaves an unknown path to the 404 and a matched route to its handler', async () => {
    expect(await run('GET', '/api/v1/nothing')).toEqual({ headers: {}, ended: false });
    expect(await run('POST', '/api/v1/predict', '/api/v1/predict')).toEqual({ headers: {}, ended: false });
  });
});
