// Admin access: one shared bearer token (ADMIN_TOKEN). Unset means the admin surface is off, never open.
import { createHash, timingSafeEqual } from 'node:crypto';
import { applyDecorators, CanActivate, ExecutionContext, Injectable, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AppConfig } from '@loan/platform';

export const ADMIN_REALM = 'admin';
export const ADMIN_DISABLED_MESSAGE = 'admin API disabled: ADMIN_TOKEN is not set';
export const ADMIN_UNAUTHORISED_MESSAGE = 'admin API needs "Authorization: Bearer <ADMIN_TOKEN>"';

export interface AdminAuthOptions {
  /** Also accept HTTP Basic with the token as password (any user name): what a browser can send. */
  allowBasic?: boolean;
}

/** Both sides hashed first, so the comparison takes the same time whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The credential of an Authorization header, or null when the scheme is not one we take. */
function credential(header: string, allowBasic: boolean): string | null {
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match) return null;
  const scheme = match[1].toLowerCase(); // schemes are case-insensitive (RFC 9110)
  if (scheme === 'bearer') return match[2];
  if (scheme === 'basic' && allowBasic) {
    const decoded = Buffer.from(match[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? null : decoded.slice(colon + 1);
  }
  return null;
}

export function isAdminAuthorised(header: string | undefined, token: string | undefined, options: AdminAuthOptions = {}): boolean {
  if (!token || !header) return false;
  const given = credential(header, options.allowBasic ?? false);
  return given !== null && sameSecret(given, token);
}

interface HttpRequestLike {
  headers: { authorization?: string };
}
interface HttpResponseLike {
  header(name: string, value: string | string[]): unknown;
}

/** Guards the admin controllers. The config is read per request, so tests may change the token. */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const token = this.config.ADMIN_TOKEN;
    if (isAdminAuthorised(http.getRequest<HttpRequestLike>().headers.authorization, token)) return true;
    http.getResponse<HttpResponseLike>().header('WWW-Authenticate', `Bearer realm="${ADMIN_REALM}"`);
    throw new UnauthorizedException(token ? ADMIN_UNAUTHORISED_MESSAGE : ADMIN_DISABLED_MESSAGE);
  }
}

/**
 * The admin surface's guards, in this order: the rate limit first, so wrong-token attempts are counted
 * and throttled too (a token cannot be guessed at full speed), then the token.
 */
export const AdminGuards = () => applyDecorators(UseGuards(ThrottlerGuard, AdminAuthGuard));

/** The parts of a Fastify reply the hook uses. */
interface HookReplyLike {
  code(status: number): HookReplyLike;
  header(name: string, value: string | string[]): HookReplyLike;
  send(body: unknown): unknown;
}

/**
 * The same check for routes outside Nest's guards and filters (Bull Board), as a Fastify onRequest hook.
 * Bull Board is a browser UI and a browser cannot attach a bearer token, so Basic (password = token) is
 * accepted here too and offered as a second challenge: the browser then prompts and resends it on every call.
 */
export function adminAuthHook(token: string | undefined) {
  return async (request: HttpRequestLike, reply: HookReplyLike): Promise<void> => {
    if (isAdminAuthorised(request.headers.authorization, token, { allowBasic: true })) return;
    const message = token ? ADMIN_UNAUTHORISED_MESSAGE : ADMIN_DISABLED_MESSAGE;
    // No Basic challenge while disabled: a browser prompt could never succeed.
    const challenges = [`Bearer realm="${ADMIN_REALM}"`, ...(token ? [`Basic realm="${ADMIN_REALM}", charset="UTF-8"`] : [])];
    // Sending from an async hook ends the request there: no route handler runs.
    await reply.code(401).header('WWW-Authenticate', challenges).send({ statusCode: 401, error: 'Unauthorized', message });
  };
}
