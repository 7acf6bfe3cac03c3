import { Global, Module } from '@nestjs/common';
import { MlBackendService } from './ml-backend.service';
import { ModelRegistryService } from './model-registry.service';

/** Needs DataAccessModule (global) for the repositories. */
@Global()
@Module({ providers: [MlBackendService, ModelRegistryService], exports: [MlBackendService, ModelRegistryService] })
export class ModelRegistryModule {}
