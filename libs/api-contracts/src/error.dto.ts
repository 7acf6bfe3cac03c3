// The one error body every endpoint answers with; errors[] lists field problems (predict validation,
// class-validator) so a client can fix a whole request in one round trip.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'records[3].AGE', description: "Path of the bad value ('body' for the body itself)" })
  field: string;

  @ApiProperty({ example: 'out_of_range' })
  kind: string;

  @ApiProperty({ example: 'AGE must be between 18 and 100' })
  message: string;
}

export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'request body is not valid JSON' })
  message: string;

  @ApiPropertyOptional({ type: () => [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
