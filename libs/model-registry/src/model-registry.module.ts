import { DynamicModule, Global, Module } from '@nestjs/common';
import type { BackendChoice } from '@loan/ml';
import { DeploymentService } from './deployment.service';
import { ML_BACKEND_ORDER, MlBackendService } from './ml-backend.service';
import { ModelRegistryService } from './model-registry.service';
import { ReloadPublisher } from './reload-publisher';
import { TrainingThreadsService } from './training-threads.service';

const services = [MlBackendService, ModelRegistryService, ReloadPublisher, DeploymentService, TrainingThreadsService];

/** Needs DataAccessModule (global) for the repositories and PlatformModule for config and Redis. */
@Global()
@Module({ providers: services, exports: services })
export class ModelRegistryModule {
  /**
   * The same module, trying tfjs backends in `order` (TF_BACKEND still forces one). The inference-api
   * puts wasm first: native TensorFlow's per-op dispatch makes a 1-row predict several times slower
   * (docs/performance.md), while trainers gain from it on large batches.
   */
  static withBackendOrder(order: readonly BackendChoice[]): DynamicModule {
    return { module: ModelRegistryModule, providers: [...services, { provide: ML_BACKEND_ORDER, useValue: order }], exports: services };
  }
}
