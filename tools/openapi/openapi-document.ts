import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@jcg/platform';
// The document is the API app's: this tool builds it as the app serves it at /docs-json.
import { ApiModule } from '../../apps/api/src/api.module.js';
import { buildOpenApiDocument } from '../../apps/api/src/docs/openapi.js';

/**
 * The API's OpenAPI document, as served at /docs-json, built without Postgres or Redis: in
 * preview mode Nest resolves the routes but starts no provider, so nothing connects.
 */
export async function openApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig('api', {
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/none',
    REDIS_URL: 'redis://127.0.0.1:1',
  });
  const app = await NestFactory.create(ApiModule.forRoot({ config }), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
