import { BadRequestException, Body, Controller, HttpCode, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto, PredictRequestDto, PredictResponseDto } from '@loan/api-contracts';
import { parsePredictRequest } from '@loan/serving';
import { NoChampionError } from '../serving/serving-models.service';
import { ScoringService } from '../serving/scoring.service';

@ApiTags('predict')
@Controller()
export class PredictController {
  constructor(private readonly scoring: ScoringService) {}

  @Post('predict')
  @HttpCode(200)
  @ApiOperation({ summary: 'Default probability for 1 to 10,000 loan applications (null fields are imputed)' })
  @ApiBody({ type: PredictRequestDto })
  @ApiOkResponse({ type: PredictResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'every bad field named: records[i].COLUMN' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  async predict(@Body() body: unknown): Promise<PredictResponseDto> {
    // Parsed by hand, not by a ValidationPipe: the answer must name each bad field of each record.
    const parsed = parsePredictRequest(body);
    if (!parsed.ok) {
      const fields = [...new Set(parsed.errors.map((e) => e.field))].slice(0, 5).join(', ');
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `invalid request: ${fields}${parsed.errors.length > 5 ? ', …' : ''}`,
        errors: parsed.errors,
      });
    }
    try {
      const { modelVersion, threshold, predictions } = await this.scoring.predict(parsed.records);
      return { modelVersion, threshold, predictions };
    } catch (e) {
      if (e instanceof NoChampionError) throw new ServiceUnavailableException(e.message);
      throw e;
    }
  }
}
