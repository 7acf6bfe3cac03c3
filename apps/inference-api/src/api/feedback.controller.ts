import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto, FeedbackRequestDto, FeedbackResponseDto } from '@loan/api-contracts';
import { FeedbackService } from '../feedback/feedback.service';
import { ValidatedInput } from '../http/validated-input';

@ApiTags('feedback')
@ValidatedInput()
@Controller()
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post('feedback')
  @HttpCode(200)
  @ApiOperation({ summary: 'The true outcome of a served prediction; enough of them queue a fine-tune' })
  @ApiOkResponse({ type: FeedbackResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'unknown predictionId' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the prediction already has the other label' })
  record(@Body() body: FeedbackRequestDto): Promise<FeedbackResponseDto> {
    return this.feedback.record(body.predictionId, body.actualDefault);
  }
}
