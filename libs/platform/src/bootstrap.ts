import 'reflect-metadata';
import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { validateConfig } from './app-config';
import { httpAdapter } from './http-adapter';

export interface BootstrapOptions {
  /** Port for /health (and the API); from the app's own env variable, else the default. */
  portEnv: string;
  defaultPort: number;
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/**
 * Starts one app as its own process: pino logs, SIGTERM handled (workers finish or release their
 * active job before the process exits), HTTP (Fastify) for /health and whatever controllers the app has.
 */
export async function bootstrapApp(module: Type<unknown>, options: BootstrapOptions): Promise<NestFastifyApplication> {
  // The adapter exists before the module's AppConfig does, so the body limit is read here; an invalid
  // environment fails here with the same message the module would give.
  const adapter = httpAdapter(validateConfig(process.env).BODY_LIMIT);
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await options.configure?.(app);
  const port = Number(process.env[options.portEnv] ?? options.defaultPort);
  await app.listen(port, '0.0.0.0');
  app.get(Logger).log(`listening on :${port}`);
  return app;
}
