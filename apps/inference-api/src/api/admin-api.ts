import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '@loan/api-contracts';
import { AdminGuards } from '../http/admin-auth';
import { ValidatedInput } from '../http/validated-input';

/**
 * What every admin controller is: behind the rate limit and then the token (AdminGuards), and so
 * documented (Bearer scheme, 401, 429), with its DTOs validated.
 */
export const AdminApi = () =>
  applyDecorators(
    ApiTags('admin'),
    ApiBearerAuth('admin'),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'missing or wrong Bearer token (or ADMIN_TOKEN unset: admin off)' }),
    ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'more than ADMIN_RATE_LIMIT admin calls from this client in a minute, right token or not' }),
    AdminGuards(),
    ValidatedInput(),
  );
