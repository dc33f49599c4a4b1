import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONSOLE_CLIENT_FILE, consoleClientSource } from './console-client';
import { openApiDocument } from './openapi-document';

const STALE = "the console's API client is stale: run npm run console:client";

/** The first line (1-based) where two texts differ. */
const firstDifference = (a: string[], b: string[]): number =>
  a.findIndex((line, i) => line !== b[i]) + 1 || a.length + 1;

describe('the console\u2019s API client (apps/console/src/api/schema.d.ts)', () => {
  it('is generated from the API\u2019s current OpenAPI document', async () => {
    const generated = await consoleClientSource(await openApiDocument());
    const committed = await readFile(path.join(__dirname, '..', '..', CONSOLE_CLIENT_FILE), 'utf8').catch(() => '');
    if (committed !== generated) {
      const line = firstDifference(generated.split('\n'), committed.split('\n'));
      throw new Error(`${STALE} (${CONSOLE_CLIENT_FILE} differs from line ${line} on)`);
    }
  }, 60_000);
});
