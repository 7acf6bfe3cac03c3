import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '@loan/platform';
import { AdminAuthGuard, adminAuthMiddleware, isAdminAuthorised } from './admin-auth';

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
    const setHeader = jest.fn();
    const context = {
      switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }), getResponse: () => ({ setHeader }) }),
    } as unknown as ExecutionContext;
    return { context, setHeader };
  };
  const guard = (token: string | undefined) => new AdminAuthGuard(Object.assign(new AppConfig(), { ADMIN_TOKEN: token }));

  it('lets the right token through', () => {
    expect(guard(TOKEN).canActivate(contextWith(`Bearer ${TOKEN}`).context)).toBe(true);
  });

  it('refuses a wrong token with 401, the expected header and a bearer challenge', () => {
    const { context, setHeader } = contextWith('Bearer nope');
    expect(() => guard(TOKEN).canActivate(context)).toThrow(new UnauthorizedException('admin API needs "Authorization: Bearer <ADMIN_TOKEN>"'));
    expect(setHeader).toHaveBeenCalledWith('WWW-Authenticate', 'Bearer realm="admin"');
  });

  it('says the admin API is disabled when ADMIN_TOKEN is unset', () => {
    expect(() => guard(undefined).canActivate(contextWith(`Bearer ${TOKEN}`).context)).toThrow(
      new UnauthorizedException('admin API disabled: ADMIN_TOKEN is not set'),
    );
  });
});

describe('adminAuthMiddleware', () => {
  const run = (token: string | undefined, authorization?: string) => {
    const headers: Record<string, unknown> = {};
    const res = { statusCode: 200, body: '', setHeader: (k: string, v: unknown) => (headers[k] = v), end: (b: string) => (res.body = b) };
    const next = jest.fn();
    adminAuthMiddleware(token)({ headers: { authorization } } as IncomingMessage, res as unknown as ServerResponse, next);
    return { res, headers, next };
  };

  it('passes an authorised request on', () => {
    const { next, res } = run(TOKEN, `Bearer ${TOKEN}`);
    expect(next).toHaveBeenCalledWith();
    expect(res.statusCode).toBe(200);
  });

  it('answers 401 JSON with bearer and basic challenges', () => {
    const { next, res, headers } = run(TOKEN, 'Bearer nope');
    expect(next).not.toHaveBeenCalled();
    expect(res.statusCode).toBe(401);
    expect(headers['WWW-Authenticate']).toEqual(['Bearer realm="admin"', 'Basic realm="admin", charset="UTF-8"']);
    expect(JSON.parse(res.body)).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'admin API needs "Authorization: Bearer <ADMIN_TOKEN>"' });
  });

  it('answers 401 "disabled" without a browser prompt when no token is set', () => {
    const { res, headers } = run(undefined, 'Bearer anything');
    expect(res.statusCode).toBe(401);
    expect(headers['WWW-Authenticate']).toEqual(['Bearer realm="admin"']);
    expect(JSON.parse(res.body).message).toBe('admin API disabled: ADMIN_TOKEN is not set');
  });
});
