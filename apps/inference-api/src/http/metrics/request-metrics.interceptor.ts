// Counts and times every request that reaches a controller. Requests refused before that (body-parser
// errors, unknown routes, guard rejections) are not seen here: interceptors run after guards.
import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Observable, finalize, tap } from 'rxjs';
import { MetricsService } from './metrics.service';

interface RequestLike {
  route?: { path?: string };
}
interface ResponseLike {
  statusCode: number;
}

/** The status an error will be answered with: the exception's own, else 500 (as the filter does). */
export function statusOfError(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** The route pattern, never the raw URL: ids in paths would make a label value per request. */
function routeOf(context: ExecutionContext): string {
  const path = context.switchToHttp().getRequest<RequestLike>().route?.path;
  if (path) return path;
  const parts = [Reflect.getMetadata(PATH_METADATA, context.getClass()), Reflect.getMetadata(PATH_METADATA, context.getHandler())];
  const joined = parts.filter((p): p is string => typeof p === 'string' && p !== '/' && p !== '').join('/');
  return `/${joined}`.replace(/\/+/g, '/');
}

@Injectable()
export class RequestMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const started = process.hrtime.bigint();
    const route = routeOf(context);
    const response = context.switchToHttp().getResponse<ResponseLike>();
    let status: number | undefined;
    return next.handle().pipe(
      tap({
        next: () => (status ??= response.statusCode),
        error: (e: unknown) => (status = statusOfError(e)),
      }),
      // finalize runs once whether the handler completed, failed or the client went away.
      finalize(() => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.metrics.observeRequest(route, status ?? response.statusCode, seconds);
      }),
    );
  }
}
