// OpenAPI for the whole HTTP surface: Swagger UI at /docs, the JSON at /docs-json (both outside api/v1).
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorResponseDto } from '@loan/api-contracts';

export const ADMIN_SECURITY = 'admin';

export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Loan default inference API')
    .setDescription(
      'Scores loan applications with the champion model (the challenger scores a sample in shadow), takes the real ' +
        'outcomes as feedback, and exposes admin operations on the daily loop. Admin routes need ' +
        '"Authorization: Bearer <ADMIN_TOKEN>".',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' }, ADMIN_SECURITY)
    .build();
  // ErrorResponseDto is added even where no route names it, so clients can generate one error type.
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
