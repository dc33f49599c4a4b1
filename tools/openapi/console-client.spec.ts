import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONSOLE_CLIENT_FILE, consoleClientSource } from './console-client';
import { openApiDocument } from './openapi-document';

const STALE = 'the console\u2019s API client is stale: run npm run console:client';

describe('the console\u2019s API client (apps/console/src/api/schema.d.ts)', () => {
  it('is generated from the API\u2019s current OpenAPI document', async () => {
    const generated = await consoleClientSource(await openApiDocument());
    const committed = await readFile(path.join(__dirname, '..', '..', CONSOLE_CLIENT_FILE), 'utf8').catch(() => '');
    if (committed !== generated) throw new Error(STALE);
  }, 60_000);
});
