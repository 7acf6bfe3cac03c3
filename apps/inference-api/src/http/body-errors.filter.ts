// Every error leaves as the one JSON shape of ErrorResponseDto. Fastify's refusals of a body (too large,
// not JSON, a media type not taken) reach this filter as plain HttpExceptions with Fastify's wording, and an
// unexpected error must never leak its message or stack to the client.
import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, Logger, ValidationError } from '@nestjs/common';
import type { ErrorResponseDto, FieldErrorDto } from '@loan/api-contracts';

interface ErrorReply {
  status: number;
  body: ErrorResponseDto;
}

/** The parts of a Fastify request this reads. */
interface RequestLike {
  method?: string;
  url?: string;
  headers?: Record<string, string | string[] | undefined>;
  /** The matched route; its bodyLimit is the one a refused body went over. */
  routeOptions?: { url?: string; bodyLimit?: number };
}

/** The parts of a Fastify reply this uses. */
interface ReplyLike {
  sent?: boolean;
  raw?: { headersSent?: boolean; end(): unknown };
  status(code: number): { send(body?: unknown): unknown };
}

const reply = (status: number, message: string, errors?: FieldErrorDto[]): ErrorReply => ({
  status,
  body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...(errors ? { errors } : {}) },
});

/** 8388608 → '8mb', as BODY_LIMIT is written; Fastify keeps its limit in bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}mb`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024}kb`;
  return `${bytes} bytes`;
}

/**
 * Fastify's own refusals, which Nest hands on as a plain HttpException (not a subclass) carrying
 * Fastify's message: reworded to name the problem the way this API does. Null for anything else.
 */
function fastifyRefusal(exception: HttpException, request: RequestLike | undefined): ErrorReply | null {
  if (exception.constructor !== HttpException) return null;
  const status = exception.getStatus();
  if (status === 413) {
    const limit = request?.routeOptions?.bodyLimit;
    return reply(413, typeof limit === 'number' ? `request body exceeds ${formatBytes(limit)}` : 'request body is too large');
  }
  if (status === 415) {
    const type = String(request?.headers?.['content-type'] ?? '').split(';')[0].trim();
    return reply(415, `${type ? `content-type ${type}` : 'a body without a content-type'} is not accepted: send application/json`);
  }
  return null;
}

function httpExceptionReply(exception: HttpException, request: RequestLike | undefined): ErrorReply {
  const refused = fastifyRefusal(exception, request);
  if (refused) return refused;
  const status = exception.getStatus();
  const response = exception.getResponse();
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
    const response = http.getResponse<ReplyLike>();
    const { status, body } = this.replyFor(exception, request);
    if (response.sent || response.raw?.headersSent) {
      // A streamed response failed midway: nothing valid can follow, so the client sees a cut.
      this.logger.error({ error: (exception as Error)?.message, url: request?.url }, 'error after the response started');
      response.raw?.end();
      return;
    }
    response.status(status).send(body);
  }

  private replyFor(exception: unknown, request: RequestLike | undefined): ErrorReply {
    if (exception instanceof HttpException) {
      const out = httpExceptionReply(exception, request);
      // Deliberate 5xx (e.g. 503 while no model is loaded): worth a warning, not a stack.
      if (out.status >= 500) this.logger.warn({ error: exception.message, method: request?.method, url: request?.url }, 'server error');
      return out;
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
