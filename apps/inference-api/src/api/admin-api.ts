import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '@loan/api-contracts';
import { AdminGuards } from '../http/admin-auth';

/**
 * What every admin controller is: behind the rate limit and then the token (AdminGuards), and so
 * documented (Bearer scheme, 401, 429).
 */
export const AdminApi = () =>
  applyDecorators(
    ApiTags('admin'),
    ApiBearerAuth('admin'),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'missing or wrong Bearer token (or ADMIN_TOKEN unset: admin off)' }),
    ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'more than ADMIN_RATE_LIMIT admin calls from this client in a minute, right token or not' }),
    AdminGuards(),
  );
