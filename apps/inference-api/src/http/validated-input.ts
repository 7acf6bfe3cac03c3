import { UsePipes, ValidationPipe } from '@nestjs/common';
import { validationExceptionFactory } from './body-errors.filter';

/**
 * class-validator on the controller's DTO bodies, queries and params: unknown fields refused, every bad
 * field named (validationExceptionFactory). Per controller rather than global: POST predict parses its
 * own body (parsePredictRequest names each record's field) and a global pipe cost it ~5% of its
 * throughput in promises per request (docs/performance.md). Every controller taking a DTO carries it.
 */
export const ValidatedInput = () =>
  UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationExceptionFactory }));
