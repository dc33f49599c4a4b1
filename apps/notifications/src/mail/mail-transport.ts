import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { DEFAULT_MAIL, MAIL_OPTIONS, type MailOptions } from './mail-options.js';
import { buildRaw, poolError, type PoolReply, type PoolRequest } from './smtp-pool-protocol.js';

/** A request without its id (each member of the union on its own). */
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

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
  private readonly logger = new Logger(MailTransport.name);
  private readonly settings: SMTPPool.Options;
  private readonly from: string;
  private readonly inline?: Transporter;
  private thread?: Worker;
  private lastId = 0;
  private closing = false;
  private readonly waiting = new Map<number, { resolve: (value: boolean) => void; reject: (error: Error) => void }>();

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
    // The thread starts with the service (not at its first message), so the first mail waits for nothing.
    if (existsSync(POOL_THREAD)) this.startThread();
    else this.inline = createTransport(this.settings);
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
    await this.ask({ kind: 'send', message: whole });
  }

  /** Whether the SMTP server answers now. */
  async answers(): Promise<boolean> {
    if (this.closing) return false;
    try {
      return this.inline ? await this.inline.verify() : await this.ask({ kind: 'verify' });
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
    const thread = this.thread;
    if (!thread) return;
    await this.ask({ kind: 'close' }).catch(() => false);
    // Its exit fails what it still held (to be retried), as any stop of the thread does.
    await thread.terminate();
  }

  private ask(request: DistributiveOmit<PoolRequest, 'id'>): Promise<boolean> {
    const thread = this.thread ?? this.startThread();
    const id = ++this.lastId;
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.postMessage({ ...request, id } satisfies PoolRequest);
    });
  }

  private startThread(): Worker {
    // A small young generation: the thread's garbage is short-lived (one message at a time per
    // connection), and V8's default kept about 110 MB more resident after a 10,000-invite fan-out.
    const thread = new Worker(POOL_THREAD, {
      workerData: this.settings,
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    // Never what keeps the process alive: shutdown closes it, and so does the process's end.
    thread.unref();
    thread.on('message', (reply: PoolReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(poolError(reply.error));
    });
    // The thread stopped (an error it did not catch): what it held fails, to be retried, and the
    // next message starts a new thread.
    const stopped = (why: string) => {
      if (this.thread !== thread) return;
      this.thread = undefined;
      if (this.waiting.size > 0)
        this.logger.warn(`The SMTP thread stopped (${why}): ${this.waiting.size} message(s) to retry`);
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`The SMTP thread stopped: ${why}`));
      this.waiting.clear();
    };
    thread.on('error', (error) => stopped(error.message));
    thread.on('exit', (code) => stopped(`exit code ${code}`));
    this.thread = thread;
    return thread;
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
