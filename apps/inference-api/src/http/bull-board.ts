// Bull Board, the queue dashboard: its Fastify plugin registered beside Nest, so it is outside the api/v1
// prefix and Nest's guards. The admin token hook runs before every one of its routes.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import { adminAuthHook } from './admin-auth';

export const BULL_BOARD_PATH = '/admin/queues';

export interface BullBoardOptions {
  queues: Queue[];
  /** ADMIN_TOKEN; unset, the board answers 401 to everyone. */
  token: string | undefined;
  basePath?: string;
}

export async function mountBullBoard(app: NestFastifyApplication, options: BullBoardOptions): Promise<void> {
  const basePath = options.basePath ?? BULL_BOARD_PATH;
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(basePath); // the UI builds its asset and API URLs from it
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Loan default loop' } },
  });
  // Its own encapsulated scope: the hook guards the board's routes only, and the board's own template
  // and static-file decorations stay inside it.
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', adminAuthHook(options.token));
    await scope.register(serverAdapter.registerPlugin() as never, { prefix: basePath });
  });
}
