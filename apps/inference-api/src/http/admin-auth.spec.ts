import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '@loan/platform';
import { AdminAuthGuard, adminAuthHook, isAdminAuthorised } from './admin-auth';

const TOKEN = 'a-long-enough-admin-token';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('isAdminAuthorised', () => {
  it('accepts the right bearer token', () => {
    expect(isAdminAuthorised(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it('takes the scheme case-insensitively and tolerates extra spaces', () => {
    expect(isAdminAuthorised(`bearer   ${TOKEN} `, TOKEN)).toBe(true);
  });

  it('rejects a wrong token of the same length', () => {
    expect(isAdminAuthorised(`Bearer ${TOKEN.replace(/.$/, 'X')}`, TOKEN)).toBe(false);
  });

  it('rejects tokens of a different length (prefix, longer, empty)', () => {
    expect(isAdminAuthorised(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(isAdminAuthorised(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(isAdminAuthorised('Bearer ', TOKEN)).toBe(false);
  });

  it('rejects a missing header', () => {
    expect(isAdminAuthorised(undefined, TOKEN)).toBe(false);
    expect(isAdminAuthorised('', TOKEN)).toBe(false);
  });

  it('rejects other schemes and a bare token', () => {
    expect(isAdminAuthorised(`Token ${TOKEN}`, TOKEN)).toBe(false);
    expect(isAdminAuthorised(TOKEN, TOKEN)).toBe(false);
    expect(isAdminAuthorised(basic('ops', TOKEN), TOKEN)).toBe(false);
  });

  it('accepts Basic with the token as password only when asked to', () => {
    expect(isAdminAuthorised(basic('ops', TOKEN), TOKEN, { allowBasic: true })).toBe(true);
    expect(isAdminAuthorised(basic('ops', 'wrong'), TOKEN, { allowBasic: true })).toBe(false);
    expect(isAdminAuthorised(`Basic ${Buffer.from(TOKEN).toString('base64')}`, TOKEN, { allowBasic: true })).toBe(false);
  });

  it('never authorises while the token is unset or empty', () => {
    expect(isAdminAuthorised('Bearer ', undefined)).toBe(false);
    expect(isAdminAuthorised('Bearer undefined', undefined)).toBe(false);
    expect(isAdminAuthorised('Bearer ', '')).toBe(false);
    expect(isAdminAuthorised(basic('ops', ''), '', { allowBasic: true })).toBe(false);
  });
});

describe('AdminAuthGuard', () => {
  const contextWith = (authorization: string | undefined) => {
    const header = jest.fn();
    const context = {
      switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }), getResponse: () => ({ header }) }),
    } as unknown as ExecutionContext;
    return { context, header };
  };
  const guard = (token: string | undefined) => new AdminAuthGuard(Object.assign(new AppConfig(), { ADMIN_TOKEN: token }));

  it('lets the right token through', () => {
    expect(guard(TOKEN).canActivate(contextWith(`Bearer ${TOKEN}`).context)).toBe(true);
  });

  it('refuses a wrong token with 401, the expected header and a bearer challenge', () => {
    const { context, header } = contextWith('Bearer nope');
    expect(() => guard(TOKEN).canActivate(context)).toThrow(new UnauthorizedException('admin API needs "Authorization: Bearer <ADMIN_TOKEN>"'));
    expect(header).toHaveBeenCalledWith('WWW-Authenticate', 'Bearer realm="admin"');
  });

  it('says the admin API is disabled when ADMIN_TOKEN is unset', () => {
    expect(() => guard(undefined).canActivate(contextWith(`Bearer ${TOKEN}`).context)).toThrow(
      new UnauthorizedException('admin API disabled: ADMIN_TOKEN is not set'),
    );
  });
});

describe('adminAuthHook', () => {
  const run = async (token: string | undefined, authorization?: string) => {
    const sent: { status?: number; headers: Record<string, unknown>; body?: unknown } = { headers: {} };
    const reply = {
      code: (status: number) => ((sent.status = status), reply),
      header: (name: string, value: unknown) => ((sent.headers[name] = value), reply),
      send: (body: unknown) => (sent.body = body),
    };
    await adminAuthHook(token)({ headers: { authorization } }, reply);
    return sent;
  };

  it('lets an authorised request through without answering it, Bearer or Basic', async () => {
    expect(await run(TOKEN, `Bearer ${TOKEN}`)).toEqual({ headers: {} });
    expect(await run(TOKEN, basic('ops', TOKEN))).toEqual({ headers: {} });
  });

  it('answers 401 JSON with bearer and basic challenges', async () => {
    const sent = await run(TOKEN, 'Bearer nope');
    expect(sent.status).toBe(401);
    expect(sent.headers['WWW-Authenticate']).toEqual(['Bearer realm="admin"', 'Basic realm="admin", charset="UTF-8"']);
    expect(sent.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'admin API needs "Authorization: Bearer <ADMIN_TOKEN>"' });
  });

  it('offers no Basic challenge while the admin surface is disabled', async () => {
    const sent = await run(undefined, basic('ops', 'anything'));
    expect(sent.status).toBe(401);
    expect(sent.headers['WWW-Authenticate']).toEqual(['Bearer realm="admin"']);
    expect(sent.body).toEqual(expect.objectContaining({ message: 'admin API disabled: ADMIN_TOKEN is not set' }));
  });
});
