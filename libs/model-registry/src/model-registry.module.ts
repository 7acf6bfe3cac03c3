import { Global, Module } from '@nestjs/common';
import { DeploymentService } from './deployment.service';
import { MlBackendService } from './ml-backend.service';
import { ModelRegistryService } from './model-registry.service';
import { ReloadPublisher } from './reload-publisher';

const services = [MlBackendService, ModelRegistryService, ReloadPublisher, DeploymentService];

/** Needs DataAccessModule (global) for the repositories and PlatformModule for config and Redis. */
@Global()
@Module({ providers: services, exports: services })
export class ModelRegistryModule {}
