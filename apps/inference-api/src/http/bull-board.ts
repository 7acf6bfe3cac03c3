// Bull Board, the queue dashboard: plain express mounted beside Nest, so it is outside the api/v1
// prefix and Nest's guards. The admin token middleware runs before every one of its routes.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { adminAuthMiddleware } from './admin-auth';

export const BULL_BOARD_PATH = '/admin/queues';

export interface BullBoardOptions {
  queues: Queue[];
  /** ADMIN_TOKEN; unset, the board answers 401 to everyone. */
  token: string | undefined;
  basePath?: string;
}

export function mountBullBoard(app: INestApplication, options: BullBoardOptions): void {
  const basePath = options.basePath ?? BULL_BOARD_PATH;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath); // the UI builds its asset and API URLs from it
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Loan default loop' } },
  });
  app.use(basePath, adminAuthMiddleware(options.token), serverAdapter.getRouter());
}
