import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { WebhookRequest } from './post-webhook.js';
import { WebhookPoster as SourcePoster } from './webhook-poster.js';

/**
 * Webhook requests go out from a thread of their own in the compiled service (what `npm start`,
 * the images and the drills run), inline when the sources run under ts-jest. Both are checked
 * here against a real HTTP receiver: what arrives and what is answered, a receiver that never
 * answers, a thread that stops.
 */
const COMPILED = path.resolve(__dirname, '../../../../../dist/apps/notifications/src/webhooks/http/webhook-poster.js');

interface Receiver {
  server: Server;
  port: number;
  received: { headers: Record<string, unknown>; body: string }[];
}

/** Answers 202 with a body and Retry-After, except `/silent`, which never answers. */
async function receiver(): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (request.url === '/silent') return;
      response.writeHead(202, { 'retry-after': '30' }).end('taken, thank you');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

const requestTo = (port: number, route = '/hook', timeoutMs = 5000): WebhookRequest => ({
  url: new URL(`http://127.0.0.1:${port}${route}`),
  address: '127.0.0.1',
  family: 4,
  headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': '1780000000', 'webhook-signature': 'v1,abc' },
  body: '{"type":"meeting.proposed"}',
  timeoutMs,
});

const ways: [string, () => typeof SourcePoster, boolean][] = [
  [
    'in its own thread (the compiled service)',
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => (require(COMPILED) as { WebhookPoster: typeof SourcePoster }).WebhookPoster,
    true,
  ],
  ['inline (the sources under ts-jest)', () => SourcePoster, false],
];

describe.each(ways)('webhook requests %s', (_name, load, threaded) => {
  let r: Receiver;
  let poster: SourcePoster;

  beforeAll(async () => {
    // npm test builds first: the compiled service is there to load.
    expect(existsSync(COMPILED)).toBe(true);
    r = await receiver();
    poster = new (load())();
  });

  afterAll(async () => {
    await poster.onApplicationShutdown();
    r.server.closeAllConnections();
    await new Promise((resolve) => r.server.close(resolve));
  });

  it(`run ${threaded ? 'in a thread' : 'inline'}`, () => {
    expect(poster.runsInThread).toBe(threaded);
  });

  it('posts the body with its headers and reports the answer: status, excerpt, Retry-After', async () => {
    const response = await poster.post(requestTo(r.port));
    expect(response).toMatchObject({
      status: 202,
      responseExcerpt: 'taken, thank you',
      retryAfterMs: 30_000,
      error: null,
      timedOut: false,
    });
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    const [got] = r.received.slice(-1);
    expect(got.body).toBe('{"type":"meeting.proposed"}');
    expect(got.headers).toMatchObject({ 'webhook-id': 'msg_1', 'webhook-signature': 'v1,abc' });
  });

  it('posts many at once, each once', async () => {
    const before = r.received.length;
    const answers = await Promise.all(Array.from({ length: 30 }, () => poster.post(requestTo(r.port))));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(r.received.length - before).toBe(30);
  });

  it('ends a request the receiver never answers at its time limit', async () => {
    const response = await poster.post(requestTo(r.port, '/silent', 300));
    expect(response).toMatchObject({ status: null, timedOut: true });
    expect(response.error).toMatch(/timed out after 300 ms/);
  });
});

describe('the webhook requests’ thread, stopped', () => {
  it('fails what it held (its attempts are sent again after their leases), and the next request starts a new thread', async () => {
    const r = await receiver();
    const poster = new (ways[0][1]())();
    try {
      expect((await poster.post(requestTo(r.port))).status).toBe(202);
      const held = poster.post(requestTo(r.port, '/silent', 10_000)).then(
        () => null,
        (e: unknown) => e,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      // What an uncaught error in the thread does: it is gone, with a request in its hands.
      await (poster as unknown as { thread: { terminate(): Promise<void> } }).thread.terminate();
      expect(((await held) as Error | null)?.message).toMatch(/webhook requests thread stopped/);
      expect((await poster.post(requestTo(r.port))).status).toBe(202);
      await poster.onApplicationShutdown();
      await expect(poster.post(requestTo(r.port))).rejects.toThrow(/shutting down/);
    } finally {
      r.server.closeAllConnections();
      await new Promise((resolve) => r.server.close(resolve));
    }
  });
});
