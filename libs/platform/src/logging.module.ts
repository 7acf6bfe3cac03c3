import { DynamicModule, Module } from '@nestjs/common';
import type { RouteInfo, Type } from '@nestjs/common/interfaces';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './app-config';

/**
 * The level of a request's access-log line: errors at warn/error, admin calls at info (an audit trail of
 * operator actions), other successful requests at debug. At ~1,000 predictions/s a line per request cost
 * the serving path more than validation and JSON together (docs/performance.md); LOG_LEVEL=debug brings
 * them back, and request counts and latencies are always in /metrics.
 */
export function accessLogLevel(url: string | undefined, status: number, error?: Error): 'error' | 'warn' | 'info' | 'debug' {
  if (error || status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return url?.startsWith('/api/v1/admin') ? 'info' : 'debug';
}

export type LoggedRoutes = (string | Type | RouteInfo)[];

/** Structured JSON logs (pino), one line per event, tagged with the app's name. */
@Module({})
export class LoggingModule {
  /**
   * `logged`: the routes that get a request logger (pino-http and its per-request context), when not
   * all of them should: the inference-api names admin, feedback and model, and leaves out predict,
   * whose count, status and latency /metrics records. Naming the logged paths rather than excluding
   * predict keeps the logger off predict's way entirely: excluded, each predict still walked the
   * logger's catch-all layers and Nest's exclusion check, 5–10% of its CPU (docs/performance.md).
   */
  static forApp(app: string, logged?: LoggedRoutes): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...(logged ? { forRoutes: logged } : {}),
            pinoHttp: {
              name: app,
              level: config.LOG_LEVEL,
              autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
              customLogLevel: (req, res, error) => accessLogLevel(req.url, res.statusCode, error),
              redact: ['req.headers.authorization'],
            },
          }),
        }),
      ],
    };
  }
}
