import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';

/** A contract's zod schema as an OpenAPI schema object, so the docs say exactly what is validated. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output' }) as Record<string, unknown>;
  return jsonSchema;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Correspondence groups API')
    .setDescription(
      'The public HTTP API of the platform that runs ITU-T correspondence groups (first: JCG-IoTSec). ' +
        'Errors are RFC 9457 problem documents (application/problem+json). Every response carries ' +
        'x-correlation-id; send your own to follow a request through the services.',
    )
    .setVersion('1')
    .addGlobalParameters({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'On POST: send the same key again (within a day) to get the first answer instead of doing it twice.',
      schema: { type: 'string', maxLength: 200 },
    })
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'jcg_<id>_<secret>', description: 'An API key (administrators make them; npm run create-admin-key makes the first)' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document's UI at /docs and its JSON at /docs-json. */
export function mountDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
