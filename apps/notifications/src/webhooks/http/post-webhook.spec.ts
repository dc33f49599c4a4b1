import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebhookRequest, postWebhook } from './post-webhook.js';

/** What a test receiver saw of one request. */
interface Hit {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  port: number;
  hits: Hit[];
  /** http://127.0.0.1:port */
  origin: string;
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

const servers: Server[] = [];

/** A real HTTP server on 127.0.0.1 (random port) that records each request before `handle` answers it. */
async function receiver(handle: Handler): Promise<Receiver> {
  const hits: Hit[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      hits.push({ method: request.method, url: request.url, headers: request.headers, body });
      handle(request, response, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, hits, origin: `http://127.0.0.1:${port}` };
}

afterEach(async () => {
  const open = servers.splice(0);
  await Promise.all(
    open.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

function webhook(url: string, overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  return {
    url: new URL(url),
    address: '127.0.0.1',
    family: 4,
    headers: { 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', 'webhook-timestamp': '1674087231' },
    body: '{"type":"meeting.scheduled","data":{"title":"Réunion"}}',
    timeoutMs: 5_000,
    ...overrides,
  };
}

describe('postWebhook', () => {
  it('posts the JSON body with its headers and reports a 200 and its body', async () => {
    const target = await receiver((_request, response) => response.writeHead(200).end('thanks'));
    const result = await postWebhook(
      webhook(`${target.origin}/hooks/in?tenant=7`, {
        headers: { 'Webhook-Id': 'msg_1', 'webhook-signature': 'v1,abc=', Host: 'evil.example', 'Content-Length': '1' },
      }),
    );

    expect(result).toEqual({
      status: 200,
      durationMs: expect.any(Number),
      responseExcerpt: 'thanks',
      retryAfterMs: null,
      error: null,
      timedOut: false,
    });
    expect(target.hits).toHaveLength(1);
    const [hit] = target.hits;
    expect(hit.method).toBe('POST');
    expect(hit.url).toBe('/hooks/in?tenant=7');
    expect(hit.body).toBe('{"type":"meeting.scheduled","data":{"title":"Réunion"}}');
    expect(hit.headers).toMatchObject({
      host: `127.0.0.1:${target.port}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(hit.body)),
      'user-agent': 'jcg-webhooks/1',
      'webhook-id': 'msg_1',
      'webhook-signature': 'v1,abc=',
    });
  });

  it('connects to the pinned address, keeping the URL host name for Host', async () => {
    const target = await receiver((_request, response) => response.writeHead(204).end());
    // .invalid never resolves: the request can only arrive through the pinned address.
    const result = await postWebhook(webhook(`http://receiver.invalid:${target.port}/in`));

    expect(result.status).toBe(204);
    expect(result.error).toBeNull();
    expect(target.hits).toHaveLength(1);
    expect(target.hits[0].headers.host).toBe(`receiver.invalid:${target.port}`);
  });

  it('does not follow redirects: a 302 is reported as it is', async () => {
    const elsewhere = await receiver((_request, response) => response.writeHead(200).end('followed'));
    const target = await receiver((_request, response) =>
      response.writeHead(302, { location: `${elsewhere.origin}/stolen` }).end('moved'),
    );
    const result = await postWebhook(webhook(`${target.origin}/in`));

    expect(result.status).toBe(302);
    expect(result.responseExcerpt).toBe('moved');
    expect(result.error).toBeNull();
    expect(target.hits).toHaveLength(1);
    expect(elsewhere.hits).toHaveLength(0);
  });

  it('gives up at the deadline on a receiver that never answers', async () => {
    const target = await receiver(() => undefined);
    const result = await postWebhook(webhook(`${target.origin}/in`, { timeoutMs: 300 }));

    expect(result).toEqual({
      status: null,
      durationMs: expect.any(Number),
      responseExcerpt: null,
      retryAfterMs: null,
      error: 'timed out after 300 ms',
      timedOut: true,
    });
    expect(target.hits).toHaveLength(1);
  });

  it('keeps the status when the deadline passes while the body is still coming', async () => {
    const target = await receiver((_request, response) => {
      response.writeHead(200, { 'retry-after': '5' });
      response.write('partial');
    });
    const result = await postWebhook(webhook(`${target.origin}/in`, { timeoutMs: 300 }));

    expect(result).toMatchObject({
      status: 200,
      responseExcerpt: 'partial',
      retryAfterMs: 5_000,
      error: 'timed out after 300 ms',
      timedOut: true,
    });
  });

  it('reads at most 1024 bytes of a 1 MB response', async () => {
    const target = await receiver((_request, response) => response.writeHead(500).end(Buffer.alloc(1024 * 1024, 'a')));
    const result = await postWebhook(webhook(`${target.origin}/in`));

    expect(result.status).toBe(500);
    expect(result.timedOut).toBe(false);
    expect(result.error).toBeNull();
    expect(result.responseExcerpt).toBe('a'.repeat(1024));
  });

  it('stops reading an endless response and closes the connection', async () => {
    let receiverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (receiverSawClose = resolve));
    const target = await receiver((_request, response) => {
      response.on('close', () => receiverSawClose());
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'é'.repeat(8 * 1024));
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    const result = await postWebhook(webhook(`${target.origin}/in`, { timeoutMs: 10_000, maxResponseBytes: 101 }));

    expect(result.status).toBe(200);
    expect(result.timedOut).toBe(false);
    expect(result.error).toBeNull();
    // 101 bytes hold 50 two-byte characters; the split one is dropped.
    expect(result.responseExcerpt).toBe('é'.repeat(50));
    await closed;
  });

  it('reads Retry-After in seconds on a 429', async () => {
    const target = await receiver((_request, response) => response.writeHead(429, { 'retry-after': '120' }).end());
    const result = await postWebhook(webhook(`${target.origin}/in`));

    expect(result).toMatchObject({ status: 429, retryAfterMs: 120_000, responseExcerpt: '', error: null });
  });

  it('reads Retry-After as an HTTP-date on a 503', async () => {
    const target = await receiver((_request, response) =>
      response.writeHead(503, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() }).end('busy'),
    );
    const result = await postWebhook(webhook(`${target.origin}/in`));

    expect(result.status).toBe(503);
    expect(result.retryAfterMs).toBeGreaterThan(100_000);
    expect(result.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('ignores an unreadable Retry-After', async () => {
    const target = await receiver((_request, response) => response.writeHead(503, { 'retry-after': 'later' }).end());
    const result = await postWebhook(webhook(`${target.origin}/in`));

    expect(result).toMatchObject({ status: 503, retryAfterMs: null });
  });

  it('reports a refused connection without throwing', async () => {
    const gone = await receiver(() => undefined);
    const server = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await postWebhook(webhook(`${gone.origin}/in`));

    expect(result).toEqual({
      status: null,
      durationMs: expect.any(Number),
      responseExcerpt: null,
      retryAfterMs: null,
      error: expect.stringMatching(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/),
      timedOut: false,
    });
  });

  it('reports a failed TLS handshake without throwing', async () => {
    const plain = await receiver((_request, response) => response.writeHead(200).end());
    const result = await postWebhook(webhook(`https://receiver.invalid:${plain.port}/in`));

    expect(result.status).toBeNull();
    expect(result.timedOut).toBe(false);
    expect(result.error).toMatch(/EPROTO|SSL|TLS/i);
    expect(plain.hits).toHaveLength(0);
  });

  it('refuses to send when a literal IP host is not the pinned address', async () => {
    const target = await receiver((_request, response) => response.writeHead(200).end());
    const result = await postWebhook(webhook(`${target.origin}/in`, { address: '127.0.0.2' }));

    expect(result.status).toBeNull();
    expect(result.error).toMatch(/pinned address 127\.0\.0\.2/);
    expect(target.hits).toHaveLength(0);
  });

  it('reports header values Node refuses instead of throwing', async () => {
    const target = await receiver((_request, response) => response.writeHead(200).end());
    const result = await postWebhook(
      webhook(`${target.origin}/in`, { headers: { 'webhook-id': 'msg_1\r\nx-injected: yes' } }),
    );

    expect(result.status).toBeNull();
    expect(result.error).toMatch(/ERR_INVALID_CHAR/);
    expect(target.hits).toHaveLength(0);
  });
});
