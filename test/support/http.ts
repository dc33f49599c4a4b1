import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { v7 as uuidv7 } from 'uuid';
import { generateApiKey, type ApiKeyOwner } from '@jcg/contracts';
import { boundPort } from '@jcg/platform';
import { ApiKeysService } from '../../apps/membership/src/api-keys/api-keys.service';

/** Makes an API key straight in a running membership instance (as `npm run create-admin-key` does). */
export async function createKey(
  membership: NestFastifyApplication,
  owner: ApiKeyOwner,
  label = 'test key',
): Promise<string> {
  const made = generateApiKey(uuidv7());
  await membership.get(ApiKeysService).create({ id: made.id, secretHash: made.secretHash, label, owner });
  return made.key;
}

export interface HttpResult<T = unknown> {
  status: number;
  contentType: string;
  body: T;
  text: string;
  headers: Headers;
}

/** A small HTTP client for the API under test. */
export class Http {
  constructor(private readonly base: string) {}

  static of(app: NestFastifyApplication): Http {
    return new Http(`http://127.0.0.1:${boundPort(app)}`);
  }

  async call<T = unknown>(
    method: string,
    path: string,
    options: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.base}${path}`, { method, headers, body });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (/json/.test(contentType) && text) parsed = JSON.parse(text);
    return { status: response.status, contentType, body: parsed as T, text, headers: response.headers };
  }

  /** A binary answer (a document), with its headers. */
  async bytes(path: string, key?: string): Promise<{ status: number; data: Buffer; headers: Headers }> {
    const response = await fetch(`${this.base}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    return { status: response.status, data: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  get<T = unknown>(path: string, key?: string) {
    return this.call<T>('GET', path, { key });
  }

  post<T = unknown>(path: string, body: unknown, key?: string) {
    return this.call<T>('POST', path, { key, body });
  }
}
