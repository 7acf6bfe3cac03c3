// OpenAPI for the whole HTTP surface: Swagger UI at /docs, the JSON at /docs-json (both outside api/v1).
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
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
  const document = closeRequestSchemas(SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] }));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

type Schema = Record<string, unknown>;

/**
 * Every request body refuses fields it does not name (ValidatedInput's pipe forbids non-whitelisted
 * properties, the predict parser lists unknown fields as errors), so the named schemas reachable from a
 * request body say additionalProperties: false. Inline schemas keep what their decorator says (a custom
 * scenario's shifts do tolerate extras). Response schemas stay open: clients must accept new fields.
 */
export function closeRequestSchemas(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const ref = (node as Schema)['$ref'];
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      const schema = components[name];
      if (!schema || seen.has(name)) return;
      seen.add(name);
      if (schema['properties'] && schema['additionalProperties'] === undefined) schema['additionalProperties'] = false;
      return visit(schema);
    }
    Object.values(node).forEach(visit);
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const body = (operation as { requestBody?: { content?: Record<string, { schema?: unknown }> } } | undefined)?.requestBody;
      for (const media of Object.values(body?.content ?? {})) visit(media.schema);
    }
  }
  return document;
}
