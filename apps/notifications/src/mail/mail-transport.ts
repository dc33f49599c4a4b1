import path from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { DEFAULT_MAIL, MAIL_OPTIONS, type MailOptions } from './mail-options.js';
import { RequestThread } from '../threads/request-thread.js';
import { buildRaw, type PoolRequest } from './smtp-pool-protocol.js';

/** The compiled thread beside this file (dist/); absent when the sources run as they are (ts-jest). */
const POOL_THREAD = path.join(__dirname, 'smtp-pool.worker.js');

/**
 * The SMTP connection pool (nodemailer): a fan-out to thousands reuses a few connections instead
 * of one per message. Timeouts are short: a server that does not answer fails the attempt (to be
 * retried) instead of holding it for minutes.
 *
 * The pool runs in a thread of its own, which also builds each message's MIME: on the main
 * thread every SMTP reply waited its turn behind the database and queue work of the deliveries
 * (measured: 0.45 -> 0.52 of nodemailer alone in the fan-out benchmark, bench/README.md). Each
 * message is built whole before it goes out, so a connection carries it in one write. Where the
 * compiled thread is not there (the sources run under ts-jest), the same pool runs inline.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly settings: SMTPPool.Options;
  private readonly from: string;
  private readonly inline?: Transporter;
  private readonly thread: RequestThread<PoolRequest, boolean>;
  private closing = false;

  constructor(@Inject(MAIL_OPTIONS) options: MailOptions) {
    this.settings = {
      url: options.smtpUrl,
      pool: true,
      maxConnections: 4,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    };
    this.from = options.from || DEFAULT_MAIL.from;
    // The thread starts with the service (not at its first message), so the first mail waits for
    // nothing. A small young generation: its garbage is short-lived (one message at a time per
    // connection), and V8's default kept about 110 MB more resident after a 10,000-invite fan-out.
    this.thread = new RequestThread({
      file: POOL_THREAD,
      name: 'SMTP',
      workerData: this.settings,
      youngGenerationMb: 8,
    });
    if (!this.thread.runsInThread) this.inline = createTransport(this.settings);
  }

  /** Where the pool runs: in its thread when the compiled thread is there, inline otherwise. */
  get runsInThread(): boolean {
    return !this.inline;
  }

  async send(message: SendMailOptions): Promise<void> {
    // Not sent: the delivery stays due and is taken again by a running replica (or this one restarted).
    if (this.closing) throw new Error('The mail transport is shutting down');
    const whole = { from: this.from, ...message };
    if (this.inline) {
      const { envelope, raw } = await buildRaw(whole);
      await this.inline.sendMail({ envelope, raw });
      return;
    }
    await this.thread.ask({ kind: 'send', message: whole });
  }

  /** Whether the SMTP server answers now. */
  async answers(): Promise<boolean> {
    if (this.closing) return false;
    try {
      return this.inline ? await this.inline.verify() : await this.thread.ask({ kind: 'verify' });
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.inline) {
      this.inline.close();
      return;
    }
    // A thread that had stopped is not started again only to be closed.
    if (this.thread.running) await this.thread.ask({ kind: 'close' }).catch(() => false);
    // Its exit fails what it still held (to be retried), as any stop of the thread does.
    await this.thread.terminate();
  }
}

/**
 * Whether an SMTP failure is permanent: the server refused the message itself (5xx reply), so
 * sending it again cannot help. Connection failures and 4xx replies are worth retrying.
 */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
