import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './app-config';

/** Structured JSON logs (pino), one line per event, tagged with the app's name. */
@Module({})
export class LoggingModule {
  static forApp(app: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              name: app,
              level: config.LOG_LEVEL,
              autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
              redact: ['req.headers.authorization'],
            },
          }),
        }),
      ],
    };
  }
}
