import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MailTransport as SourceTransport, isPermanentSmtpFailure } from './mail-transport.js';
import type { MailOptions } from './mail-options.js';

/**
 * The SMTP pool runs in a thread of its own in the compiled service (what `npm start`, the images
 * and the drills run), inline when the sources run under ts-jest. Both are checked here against a
 * real SMTP server: what arrives, a refusal for good, a server that does not answer.
 */
const COMPILED = path.resolve(__dirname, '../../../../dist/apps/notifications/src/mail/mail-transport.js');

interface Received {
  to: string[];
  raw: Buffer;
}

/** An SMTP server that refuses `refused@` for good (550) and keeps what it takes. */
async function smtpServer(): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      // A server that never answers for this recipient: the send stays in the pool's hands.
      if (address.address.startsWith('unanswered@')) return;
      if (address.address.startsWith('refused@'))
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      else callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const options = (port: number): MailOptions => ({
  smtpUrl: `smtp://127.0.0.1:${port}`,
  from: 'Correspondence groups <noreply@jcg.invalid>',
});

const ways: [string, () => typeof SourceTransport, boolean][] = [
  [
    'in its own thread (the compiled service)',
    // The compiled module, as the service runs it (its thread's file is beside it, in dist/).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => (require(COMPILED) as { MailTransport: typeof SourceTransport }).MailTransport,
    true,
  ],
  ['inline (the sources under ts-jest)', () => SourceTransport, false],
];

describe.each(ways)('the SMTP pool %s', (_name, load, threaded) => {
  let server: Awaited<ReturnType<typeof smtpServer>>;
  let transport: SourceTransport;

  beforeAll(async () => {
    // npm test builds first: the compiled service is there to load.
    expect(existsSync(COMPILED)).toBe(true);
    server = await smtpServer();
    transport = new (load())(options(server.port));
  });

  afterAll(async () => {
    await transport.onApplicationShutdown();
    await server.close();
  });

  it(`runs ${threaded ? 'in a thread' : 'inline'}`, () => {
    expect(transport.runsInThread).toBe(threaded);
  });

  it('sends the message whole: headers, parts, the invite and an attachment byte for byte', async () => {
    const document = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
    await transport.send({
      to: 'Ana Silva <ana@example.org>',
      subject: 'Invitation: Plenary, 15 Dec 2026 — ünïcödé',
      text: 'When: 15 Dec 2026',
      html: '<p>When: 15 Dec 2026</p>',
      messageId: '<0196d3e2-0000-7000-8000-000000000001@notifications.jcg>',
      icalEvent: {
        method: 'REQUEST',
        content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR',
        filename: 'invite.ics',
      },
      attachments: [{ filename: 'report.docx', content: document, contentType: 'application/octet-stream' }],
    });
    const [got] = server.received.slice(-1);
    expect(got.to).toEqual(['ana@example.org']);
    const parsed = await simpleParser(got.raw);
    expect(parsed.subject).toBe('Invitation: Plenary, 15 Dec 2026 — ünïcödé');
    expect(parsed.from?.value).toEqual([{ name: 'Correspondence groups', address: 'noreply@jcg.invalid' }]);
    expect(parsed.messageId).toBe('<0196d3e2-0000-7000-8000-000000000001@notifications.jcg>');
    expect(parsed.text?.trim()).toBe('When: 15 Dec 2026');
    const attached = parsed.attachments.find((a) => a.filename === 'report.docx');
    expect(attached?.content.equals(document)).toBe(true);
    expect(got.raw.toString('latin1')).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i);
  });

  it('says a refusal for good is permanent (5xx), with the server’s reply, and sends nothing', async () => {
    const before = server.received.length;
    const error = await transport.send({ to: 'refused@example.org', subject: 's', text: 't' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isPermanentSmtpFailure(error)).toBe(true);
    expect((error as Error).message).toMatch(/Mailbox unavailable/);
    expect(server.received.length).toBe(before);
  });

  it('sends many at once, each once', async () => {
    const before = server.received.length;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => transport.send({ to: `p${i}@example.org`, subject: `m${i}`, text: 't' })),
    );
    const to = server.received.slice(before).flatMap((r) => r.to);
    expect(to.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `p${i}@example.org`).sort());
  });

  it('answers whether the server answers; a server that is gone fails the send, to be retried', async () => {
    expect(await transport.answers()).toBe(true);
    const gone = await smtpServer();
    await gone.close();
    const away = new (load())(options(gone.port));
    try {
      expect(await away.answers()).toBe(false);
      const error = await away.send({ to: 'ana@example.org', subject: 's', text: 't' }).then(
        () => null,
        (e: unknown) => e,
      );
      // The connection was refused: a failure that may pass (Node's own error, of another realm under jest).
      expect((error as Error | null)?.message).toMatch(/ECONNREFUSED/);
      expect(isPermanentSmtpFailure(error)).toBe(false);
    } finally {
      await away.onApplicationShutdown();
    }
  });
});

describe('the SMTP pool’s thread, stopped', () => {
  it('at shutdown, fails what it still held (to be retried), and takes no new message', async () => {
    const server = await smtpServer();
    const transport = new (ways[0][1]())(options(server.port));
    try {
      await transport.send({ to: 'first@example.org', subject: 's', text: 't' });
      const held = transport.send({ to: 'unanswered@example.org', subject: 's', text: 't' }).then(
        () => null,
        (e: unknown) => e,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await transport.onApplicationShutdown();
      const error = await Promise.race([
        held,
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000)),
      ]);
      expect(error).toBeInstanceOf(Error);
      expect(isPermanentSmtpFailure(error)).toBe(false);
      await expect(transport.send({ to: 'late@example.org', subject: 's', text: 't' })).rejects.toThrow(/shut/);
      expect(server.received.flatMap((r) => r.to)).not.toContain('late@example.org');
    } finally {
      await server.close();
    }
  });

  it('fails what it held (to be retried) and the next message starts a new thread', async () => {
    const server = await smtpServer();
    const transport = new (ways[0][1]())(options(server.port));
    try {
      await transport.send({ to: 'first@example.org', subject: 's', text: 't' });
      const held = transport.send({ to: 'held@example.org', subject: 's', text: 't' }).then(
        () => null,
        (e: unknown) => e,
      );
      // What an uncaught error in the thread does: it is gone, with a message in its hands.
      await (transport as unknown as { thread: { terminate(): Promise<number> } }).thread.terminate();
      const error = await held;
      expect((error as Error | null)?.message).toMatch(/SMTP thread stopped/);
      expect(isPermanentSmtpFailure(error)).toBe(false);
      await transport.send({ to: 'after@example.org', subject: 's', text: 't' });
      expect(server.received.flatMap((r) => r.to)).toEqual(
        expect.arrayContaining(['first@example.org', 'after@example.org']),
      );
    } finally {
      await transport.onApplicationShutdown();
      await server.close();
    }
  });
});
