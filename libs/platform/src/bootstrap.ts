import 'reflect-metadata';
import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

export interface BootstrapOptions {
  /** Port for /health (and the API); from the app's own env variable, else the default. */
  portEnv: string;
  defaultPort: number;
  configure?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Starts one app as its own process: pino logs, SIGTERM handled (workers finish or release their
 * active job before the process exits), HTTP for /health and whatever controllers the app has.
 */
export async function bootstrapApp(module: Type<unknown>, options: BootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await options.configure?.(app);
  const port = Number(process.env[options.portEnv] ?? options.defaultPort);
  await app.listen(port, '0.0.0.0');
  app.get(Logger).log(`listening on :${port}`);
  return app;
}
