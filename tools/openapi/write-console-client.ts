/*
 * Writes the console's typed API client (apps/console/src/api/schema.d.ts) from the API's
 * OpenAPI document, built offline (no Postgres or Redis): `npm run console:client`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONSOLE_CLIENT_FILE, consoleClientSource } from './console-client.js';
import { openApiDocument } from './openapi-document.js';

// Compiled to dist/tools/openapi: the repository's root is three folders up.
const ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const target = path.join(ROOT, CONSOLE_CLIENT_FILE);
  const source = await consoleClientSource(await openApiDocument());
  await writeFile(target, source);
  console.log(`Wrote ${path.relative(process.cwd(), target)} (${Buffer.byteLength(source)} bytes)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
