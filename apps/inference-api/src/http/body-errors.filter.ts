// Every error leaves as the one JSON shape of ErrorResponseDto. Body-parser failures (too large, not
// JSON) would otherwise surface as a raw http-errors object or as the JSON parser's own message, and an
// unexpected error must never leak its message or stack to the client.
import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, Logger, NotFoundException, ValidationError } from '@nestjs/common';
import type { ErrorResponseDto, FieldErrorDto } from '@loan/api-contracts';
import { allowedMethods, ExpressAppLike } from './allowed-methods';

interface ErrorReply {
  status: number;
  body: ErrorResponseDto;
}

interface RequestLike {
  method?: string;
  url?: string;
  /** The URL's path without the query (express). */
  path?: string;
  /** The express application that took the request. */
  app?: ExpressAppLike;
  /** Set by express once a route matched; absent when the error came from middleware (body-parser). */
  route?: unknown;
}

interface ResponseLike {
  headersSent?: boolean;
  setHeader(name: string, value: string): unknown;
  status(code: number): { json(body: unknown): unknown; end(): unknown };
  end(): unknown;
}

/** What body-parser (via http-errors) throws: a status, and a type naming the failure. */
interface BodyParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
  expose?: boolean;
  message?: string;
}

const reply = (status: number, message: string, errors?: FieldErrorDto[]): ErrorReply => ({
  status,
  body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...(errors ? { errors } : {}) },
});

/** 8388608 → '8mb', as BODY_LIMIT is written; body-parser reports its limit in bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}mb`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024}kb`;
  return `${bytes} bytes`;
}

function bodyParserReply(error: BodyParserError): ErrorReply | null {
  const status = error.status ?? error.statusCode;
  if (error.type === 'entity.too.large' || status === 413) {
    return reply(413, typeof error.limit === 'number' ? `request body exceeds ${formatBytes(error.limit)}` : 'request body is too large');
  }
  if (error.type === 'entity.parse.failed') return reply(400, 'request body is not valid JSON');
  // Other body-parser failures (unsupported charset, aborted request...) are client errors it marks safe to show.
  if (typeof error.type === 'string' && error.expose === true && status && status >= 400 && status < 500) {
    return reply(status, error.message ?? STATUS_CODES[status] ?? 'Error');
  }
  return null;
}

function httpExceptionReply(exception: HttpException, request: RequestLike | undefined): ErrorReply {
  const status = exception.getStatus();
  const response = exception.getResponse();
  // Nest rethrows body-parser's JSON SyntaxError as BadRequestException(its message) before any filter
  // sees it; a 400 raised outside every route about JSON is that case.
  if (status === 400 && request && !request.route && /JSON/.test(exception.message)) return reply(400, 'request body is not valid JSON');
  if (typeof response === 'string') return reply(status, response);
  const body = { ...(response as Record<string, unknown>) };
  const message = Array.isArray(body['message']) ? body['message'].join('; ') : String(body['message'] ?? exception.message);
  const error = String(body['error'] ?? STATUS_CODES[status] ?? 'Error');
  return { status, body: { ...body, statusCode: status, error, message } as ErrorResponseDto };
}

@Catch()
export class BodyErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(BodyErrorsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RequestLike | undefined>();
    const response = http.getResponse<ResponseLike>();
    if (exception instanceof NotFoundException && request && this.answeredAsKnownPath(request, response)) return;
    const { status, body } = this.replyFor(exception, request);
    if (response.headersSent) {
      // A streamed response failed midway: nothing valid can follow, so the client sees a cut.
      this.logger.error({ error: (exception as Error)?.message, url: request?.url }, 'error after the response started');
      response.end();
      return;
    }
    response.status(status).json(body);
  }

  /**
   * Nest's 404 for a request no route took: when the path exists under other methods, OPTIONS gets 204
   * and anything else 405, both with Allow. Checked only here, so matched requests pay nothing.
   */
  private answeredAsKnownPath(request: RequestLike, response: ResponseLike): boolean {
    // The express app from the request itself: a filter with injected dependencies may become
    // request-scoped, and Nest's not-found handler only runs the static global filters.
    const app = request.app;
    const path = request.path ?? new URL(request.url ?? '/', 'http://localhost').pathname;
    const allowed = allowedMethods(app, path);
    // Not `!request.route`: a middleware applied to every route (pino-http's) leaves its catch-all route
    // there. A route of this method on the path means its handler answered 404 itself (no such version).
    if (!allowed.length || allowed.includes(String(request.method).toUpperCase()) || response.headersSent) return false;
    response.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
    if (request.method === 'OPTIONS') {
      response.status(204).end();
    } else {
      const message = `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`;
      response.status(405).json(reply(405, message).body);
    }
    return true;
  }

  private replyFor(exception: unknown, request: RequestLike | undefined): ErrorReply {
    if (exception instanceof HttpException) {
      const out = httpExceptionReply(exception, request);
      // Deliberate 5xx (e.g. 503 while no model is loaded): worth a warning, not a stack.
      if (out.status >= 500) this.logger.warn({ error: exception.message, method: request?.method, url: request?.url }, 'server error');
      return out;
    }
    if (exception && typeof exception === 'object') {
      const parsed = bodyParserReply(exception as BodyParserError);
      if (parsed) return parsed;
    }
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error({ error: error.message, stack: error.stack, method: request?.method, url: request?.url }, 'unhandled error');
    return reply(500, 'internal error');
  }
}

/** class-validator errors as the errors[] list the predict parser also uses (nested paths joined by '.'). */
export function fieldErrors(errors: ValidationError[], prefix = ''): FieldErrorDto[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([kind, message]) => ({
      field,
      kind: kind === 'whitelistValidation' ? 'unknown_field' : kind,
      message,
    }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

/** For `new ValidationPipe({ exceptionFactory: validationExceptionFactory })`: one 400 listing every field. */
export function validationExceptionFactory(errors: ValidationError[]): BadRequestException {
  const list = fieldErrors(errors);
  const message = list.length === 1 ? list[0].message : `request body has ${list.length} invalid fields`;
  return new BadRequestException(reply(400, message, list).body);
}
