import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ModelInfoDto } from '@loan/api-contracts';
import { ShadowAgreementService } from '@loan/data-access';
import { ServingModelsService } from '../serving/serving-models.service';

@ApiTags('model')
@Controller()
export class ModelController {
  constructor(
    private readonly models: ServingModelsService,
    private readonly shadow: ShadowAgreementService,
  ) {}

  @Get('model')
  @ApiOperation({ summary: 'The model serving now (the champion) and the challenger in shadow mode' })
  @ApiOkResponse({ type: ModelInfoDto })
  @ApiServiceUnavailableResponse({ description: 'no champion deployed yet' })
  async model(): Promise<ModelInfoDto> {
    const champion = this.models.current('champion');
    if (!champion) throw new ServiceUnavailableException('no champion model is loaded yet');
    const challenger = this.models.current('challenger');
    const shadow = challenger ? await this.shadow.of(challenger.doc.version) : null;
    const { doc } = champion;
    return {
      version: doc.version,
      alias: 'champion',
      kind: doc.kind,
      metrics: doc.metrics,
      threshold: doc.threshold,
      trainedAt: (doc.createdAt ?? champion.loadedAt).toISOString(),
      backend: doc.backend,
      servingBackend: this.models.servingBackend,
      preprocessingVersion: doc.preprocessingVersion,
      checksum: doc.checksum,
      loadedAt: champion.loadedAt.toISOString(),
      challenger:
        challenger && shadow
          ? { version: challenger.doc.version, compared: shadow.compared, agreementRate: shadow.compared ? shadow.agreed / shadow.compared : null }
          : null,
    };
  }
}
