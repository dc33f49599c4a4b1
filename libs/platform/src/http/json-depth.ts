import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RemoteError } from '@jcg/messaging';

/** No request body of the API nests deeper than a few levels; 32 leaves room and stops abuse. */
export const MAX_JSON_DEPTH = 32;

const [OPEN_OBJECT, OPEN_ARRAY, CLOSE_OBJECT, CLOSE_ARRAY, QUOTE, BACKSLASH] = ['{', '[', '}', ']', '"', '\\'].map(
  (c) => c.charCodeAt(0),
);

/**
 * Whether a JSON text nests objects and arrays deeper than `max`, by one pass over its bytes
 * (brackets inside strings do not count). UTF-8 never puts an ASCII byte inside a multi-byte
 * character, so bytes are enough. Malformed text is left to the parser that comes after.
 */
export function exceedsJsonDepth(bytes: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
  }
  return false;
}

export const tooDeepProblem = (max = MAX_JSON_DEPTH) =>
  new RemoteError({
    status: 400,
    code: 'INVALID_REQUEST',
    title: 'Invalid request',
    detail: `body: JSON nested deeper than ${max} levels`,
  });

/**
 * JSON bodies are parsed by Fastify's own parser (which refuses `__proto__` and `constructor`
 * poisoning) after a depth check on the raw bytes: a deeply nested body is refused with a 400
 * problem before it becomes objects that later code (hashing, logging, validation) walks
 * recursively. Registered through Nest, so the API still keeps the raw bytes (`rawBody`).
 */
export function installJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  // Fastify's parser takes the bytes as they are (Nest hands it the same Buffer): typed so here.
  const parse = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  ) as unknown as (request: unknown, body: Buffer, done: (error: Error | null, value?: unknown) => void) => void;
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    if (exceedsJsonDepth(body)) done(tooDeepProblem(), undefined);
    else parse(request, body, done);
  });
}
