import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { BackendChoice, DEFAULT_BACKEND_ORDER, selectBackend } from '@loan/ml';

/** The order an app tries tfjs backends in (ModelRegistryModule.withBackendOrder); default DEFAULT_BACKEND_ORDER. */
export const ML_BACKEND_ORDER = Symbol('ML_BACKEND_ORDER');

/** Chooses the tfjs backend once per process (by default tfjs-node-gpu → tfjs-node → wasm → cpu) and logs it. */
@Injectable()
export class MlBackendService implements OnModuleInit {
  private readonly logger = new Logger(MlBackendService.name);
  private choice?: BackendChoice;

  constructor(@Optional() @Inject(ML_BACKEND_ORDER) private readonly order: readonly BackendChoice[] = DEFAULT_BACKEND_ORDER) {}

  async onModuleInit(): Promise<void> {
    this.choice = await selectBackend(this.order, (line) => this.logger.log(line));
  }

  async backend(): Promise<BackendChoice> {
    this.choice ??= await selectBackend(this.order, (line) => this.logger.log(line));
    return this.choice;
  }
}
