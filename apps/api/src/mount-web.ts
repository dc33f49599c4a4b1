import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mountConsoleAssets } from './console/mount-console.js';
import { mountDocs } from './docs/openapi.js';

/** What the api serves besides /v1: the API docs at /docs and the web console's assets. */
export function mountWeb(app: NestFastifyApplication): void {
  mountDocs(app);
  mountConsoleAssets(app);
}
