import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMessage {
  id: number;
  receivedAt: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
  subject: string;
  /** The Message-ID header: a message sent twice carries the same one. */
  messageId: string | null;
  raw: string;
}

/**
 * A local SMTP server that keeps every message and shows them over HTTP, so `npm start` can
 * send real mail without sending it anywhere. Not for production.
 *   GET /            the messages, newest first (HTML)
 *   GET /messages    the same as JSON
 *   GET /messages/N  one message's raw source (message/rfc822)
 */
export class MailSink {
  readonly messages: CapturedMessage[] = [];
  private smtp?: SMTPServer;
  private http?: HttpServer;

  async start(
    ports: { smtp: number; http: number },
    host = '127.0.0.1',
  ): Promise<{ smtpPort: number; httpPort: number }> {
    const smtpPort = await this.startSmtp(ports.smtp, host);
    this.http = createServer((req, res) => this.serve(req.url ?? '/', res));
    const http = this.http;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(ports.http, host, () => resolve());
    });
    return { smtpPort, httpPort: (http.address() as AddressInfo).port };
  }

  /** Starts (or starts again) the SMTP side; returns its port. */
  async startSmtp(port: number, host = '127.0.0.1'): Promise<number> {
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 25 * 1024 * 1024,
      // Stopping drops the connections of clients at once (they see the server go away).
      closeTimeout: 50,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              this.messages.push({
                id: this.messages.length + 1,
                receivedAt: new Date().toISOString(),
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                subject: parsed.subject ?? '',
                messageId: parsed.messageId ?? null,
                raw,
              });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    const smtp = this.smtp;
    await new Promise<void>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(port, host, () => resolve());
    });
    // A client that dies mid-session (kill -9) resets its connection: that is the client's
    // business, not a reason for the sink to stop.
    smtp.on('error', () => undefined);
    return (smtp.server.address() as AddressInfo).port;
  }

  /** Stops the SMTP side only (a mail server going away); `startSmtp` brings it back. */
  async stopSmtp(): Promise<void> {
    const smtp = this.smtp;
    this.smtp = undefined;
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.stopSmtp(),
      new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve())),
    ]);
  }

  private serve(url: string, res: import('node:http').ServerResponse): void {
    const readable = /^\/messages\/(\d+)\.html$/.exec(url);
    if (readable) {
      const message = this.messages.find((m) => m.id === Number(readable[1]));
      if (!message) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('No such message');
        return;
      }
      void readableMessage(message).then(
        (html) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
        (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
      );
      return;
    }
    const one = /^\/messages\/(\d+)$/.exec(url);
    if (one) {
      const message = this.messages.find((m) => m.id === Number(one[1]));
      if (!message) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('No such message');
        return;
      }
      res.writeHead(200, { 'content-type': 'message/rfc822; charset=utf-8' }).end(message.raw);
      return;
    }
    if (url === '/messages') {
      const list = this.messages.map(({ raw: _raw, ...summary }) => summary).reverse();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
      return;
    }
    if (url === '/') {
      const rows = [...this.messages]
        .reverse()
        .map(
          (m) =>
            `<tr><td>${m.receivedAt}</td><td>${escapeHtml(m.envelopeTo.join(', '))}</td><td><a href="/messages/${m.id}.html">${escapeHtml(m.subject || '(no subject)')}</a> <a href="/messages/${m.id}">(raw)</a></td></tr>`,
        )
        .join('');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><meta charset="utf-8"><title>Local mail</title><h1>Local mail (${this.messages.length})</h1>` +
            `<table border="1" cellpadding="4"><tr><th>Received</th><th>To</th><th>Subject</th></tr>${rows}</table>`,
        );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }
}

/**
 * A message as a person reads it: its headers and its text, decoded (quoted-printable folds a
 * long link over lines), with every link clickable, such as a sign-in link.
 */
async function readableMessage(message: CapturedMessage): Promise<string> {
  const parsed = await simpleParser(message.raw);
  const text = escapeHtml(parsed.text ?? '(no text part)').replace(
    /https?:\/\/[^\s<>"]+/g,
    (link) => `<a href="${link}">${link}</a>`,
  );
  const attachments = parsed.attachments.map((a) => escapeHtml(`${a.filename ?? '(unnamed)'} (${a.contentType})`));
  return (
    `<!doctype html><meta charset="utf-8"><title>${escapeHtml(message.subject)}</title>` +
    `<p><a href="/">All mail</a> · <a href="/messages/${message.id}">raw</a></p>` +
    `<h1>${escapeHtml(message.subject || '(no subject)')}</h1>` +
    `<p>To: ${escapeHtml(message.envelopeTo.join(', '))}<br>Received: ${message.receivedAt}</p>` +
    `<pre style="white-space:pre-wrap">${text}</pre>` +
    (attachments.length ? `<p>Attachments: ${attachments.join(', ')}</p>` : '')
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
