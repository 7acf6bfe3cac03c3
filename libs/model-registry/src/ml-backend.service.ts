import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BackendChoice, selectBackend } from '@loan/ml';

/** Chooses the tfjs backend once per process (tfjs-node-gpu → tfjs-node → wasm → cpu) and logs it. */
@Injectable()
export class MlBackendService implements OnModuleInit {
  private readonly logger = new Logger(MlBackendService.name);
  private choice?: BackendChoice;

  async onModuleInit(): Promise<void> {
    this.choice = await selectBackend(undefined, (line) => this.logger.log(line));
  }

  async backend(): Promise<BackendChoice> {
    this.choice ??= await selectBackend(undefined, (line) => this.logger.log(line));
    return this.choice;
  }
}
