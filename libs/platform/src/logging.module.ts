import { DynamicModule, Module } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
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

/** Structured JSON logs (pino), one line per event, tagged with the app's name. */
@Module({})
export class LoggingModule {
  /**
   * `unlogged`: routes that get no request logger at all (no pino-http middleware, no per-request
   * AsyncLocalStorage context): the serving hot path, whose count, status and latency /metrics records.
   */
  static forApp(app: string, unlogged: RouteInfo[] = []): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...(unlogged.length ? { exclude: unlogged } : {}),
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
