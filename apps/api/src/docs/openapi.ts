import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { componentIds, componentPath, componentRef, componentSchemas } from './component-schemas.js';
import { addWebhooks } from './webhooks.openapi.js';

/**
 * A contract's zod schema as an OpenAPI schema object, so the docs say exactly what is validated
 * (responses). A named shape in it (component-schemas.ts) is a `$ref` to its component.
 */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  // The named shapes come out under `$defs`: the document holds them once, as its components.
  const {
    $schema: _ignored,
    $defs: _components,
    ...jsonSchema
  } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    metadata: componentIds,
  }) as Record<string, unknown>;
  return withComponentRefs(jsonSchema) as Record<string, unknown>;
}

/**
 * The same for a request body: what a client may send (zod's input view), so a field with a
 * default is optional and shows its default. Inline: the components are the output view.
 */
export function openApiRequestSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
  }) as Record<string, unknown>;
  return jsonSchema;
}

/** Points each `$ref` to a named schema (`#/$defs/Meeting`) at its component instead. */
function withComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withComponentRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      key === '$ref' && typeof member === 'string' ? componentPath(member) : withComponentRefs(member),
    ]),
  );
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
      description:
        'On POST (other methods ignore it): send the same key again (within a day) to get the first answer instead of doing it twice.',
      schema: { type: 'string', maxLength: 200 },
    })
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'jcg_<id>_<secret>',
      description: 'An API key (administrators make them; npm run create-admin-key makes the first)',
    })
    .build();
  // OpenAPI 3.1: its schemas are JSON Schema 2020-12 (what zod writes), and it has `webhooks`.
  const document = SwaggerModule.createDocument(app, config);
  document.openapi = '3.1.0';
  const schemas = { ...document.components?.schemas, ...componentSchemas() };
  document.components = { ...document.components, schemas };
  return addWebhooks(refineDocument(document));
}

const SUCCESS: Record<string, string> = { '200': 'OK', '201': 'Created' };

/** What every route that takes a key or a session may also answer (see `apps/api/src/rate-limit`). */
const RATE_LIMITED = {
  description:
    'Too many requests with this key or session (RATE_LIMIT_API_KEY, RATE_LIMIT_SESSION), or too many refused credentials from this address (RATE_LIMIT_FAILED_AUTH); Retry-After says when to try again',
  headers: {
    'Retry-After': { description: 'Seconds until the window ends', schema: { type: 'integer', minimum: 1 } },
  },
  content: {
    'application/problem+json': {
      schema: componentRef('Problem'),
      example: {
        type: '/problems/rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: 'At most 10000 requests with one API key per minute: try again in 17 s.',
        code: 'RATE_LIMITED',
        retryAfterSeconds: 17,
      },
    },
  },
};

/**
 * What the decorators cannot say: path ids are UUIDs (validated as such), ToR versions are whole
 * numbers, every success response has a description, and every route that takes a credential
 * (it documents a 401) may answer 429.
 */
export function refineDocument(document: OpenAPIObject): OpenAPIObject {
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(
      operations as Record<string, { parameters?: unknown[]; responses?: Record<string, { description?: string }> }>,
    )) {
      if (typeof operation !== 'object' || operation === null) continue;
      for (const parameter of (operation.parameters ?? []) as {
        in?: string;
        name?: string;
        schema?: Record<string, unknown>;
        description?: string;
      }[]) {
        if (parameter.in !== 'path' || !parameter.name) continue;
        if (parameter.name.endsWith('Id')) {
          parameter.schema = { type: 'string', format: 'uuid' };
          parameter.description ??= `The ${parameter.name.slice(0, -2)}'s id`;
        } else if (parameter.name === 'version') {
          parameter.schema = { type: 'integer', minimum: 1 };
          parameter.description ??= 'The ToR version number';
        } else if (parameter.name === 'token') {
          parameter.schema = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' };
          parameter.description ??= 'The secret feed token';
        }
      }
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!response.description && SUCCESS[status]) response.description = SUCCESS[status];
      }
      if (operation.responses?.['401'] && !operation.responses['429']) operation.responses['429'] = RATE_LIMITED;
    }
  }
  return document;
}

/** Serves the document's UI at /docs and its JSON at /docs-json. */
export function mountDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
