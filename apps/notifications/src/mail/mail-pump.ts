import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommitSignal, MessagingMetrics, PollingLoop, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import type { DeliveryRow } from '../deliveries/delivery.js';
import { DEFAULT_MAIL, MAIL_OPTIONS, type MailOptions } from './mail-options.js';
import { afterFailedSend } from './mail-retry.js';
import { MailTransport, isPermanentSmtpFailure } from './mail-transport.js';
import { renderDelivery } from './render.js';

/** Messages claimed ahead per send slot: the pool never waits for a claim's round trip. */
const CLAIM_AHEAD = 4;
/** How long a claim holds a message; renewed every RENEW_EVERY_MS while this process holds it. */
export const MAIL_LEASE_MS = 10_000;
const RENEW_EVERY_MS = 3_000;
/** A settle that failed (Postgres away) is tried again after this long. */
const SETTLE_RETRY_MS = 1_000;
/** At shutdown, how long the sends out may take to finish. */
const SHUTDOWN_WAIT_MS = 10_000;

export const MAIL_POLLING = Symbol('MAIL_POLLING');

type Claimed = DeliveryRow & { tries: number; reclaimed: boolean };

/** What became of a claimed message. */
interface Outcome {
  id: string;
  attempt: number;
  status: 'sent' | 'pending' | 'failed' | 'superseded';
  tries: number;
  error: string | null;
  retryable: boolean | null;
  retryInMs: number | null;
}

/**
 * Sends the mail that is due, straight from the deliveries table (the service's outbox of mail):
 * no queue job per message. Each round claims, in one statement, the oldest due messages (pending
 * and past their retry time, or taken by a process whose lease ran out), skipping a message while
 * an earlier one of its stream (to the same recipient, about the same meeting) is not sent yet,
 * so a person always receives them in the order they were decided. A claimed message is `queued`
 * under a lease, renewed while this process holds it; a newer decision leaves it alone (it may be
 * at the SMTP server already) and follows it. Up to `concurrency` sends are out at once (the SMTP
 * pool's connections and one waiting each); the claimed ones wait in memory for a free send, and
 * more are claimed when few are left waiting, so the pool never waits for Postgres. Results are
 * written in one statement per group that finished close together. A message goes twice only if
 * SMTP took it and its process died (or lost Postgres past its lease) before writing it sent: at
 * most the `concurrency` sends out at that instant, with the same Message-ID.
 */
@Injectable()
export class MailPump implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailPump.name);
  private readonly loop: PollingLoop;
  private readonly concurrency: number;
  private readonly claimLimit: number;
  /** Claimed and not settled yet: waiting, sending, or sent and being written. */
  private readonly held = new Map<string, Claimed>();
  private waiting: Claimed[] = [];
  private readonly sending = new Set<Promise<void>>();
  private finished: Outcome[] = [];
  private settling?: Promise<void>;
  private renewal?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    private readonly metrics: MessagingMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MAIL_OPTIONS) private readonly options: MailOptions,
    @Inject(MAIL_POLLING) polling: { intervalMs: number },
    signal: CommitSignal,
  ) {
    this.concurrency = options.concurrency ?? DEFAULT_MAIL.concurrency;
    this.claimLimit = this.concurrency * CLAIM_AHEAD;
    this.loop = new PollingLoop('Mail pump', () => this.round(), {
      intervalMs: polling.intervalMs,
      batchSize: this.claimLimit,
    });
    // Deliveries are written in the transactions of the events this process handles: send them at once.
    this.loop.wakeOn(signal);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.renewal = setInterval(() => void this.renewLeases(), RENEW_EVERY_MS);
    this.renewal.unref();
  }

  /**
   * Stops claiming, hands back what waits unsent, and waits for the sends out (at most
   * SHUTDOWN_WAIT_MS) and their results. What is still out after that keeps its lease until it
   * runs out, and is then sent again.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
    const unsent = this.waiting.splice(0);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SHUTDOWN_WAIT_MS);
    });
    const drained = (async () => {
      await Promise.allSettled([...this.sending]);
      while (this.settling) await this.settling;
    })();
    await Promise.all([this.handBack(unsent), Promise.race([drained, bound])]);
    clearTimeout(timer);
    clearInterval(this.renewal);
  }

  /** Claims more when few claimed messages are left waiting; returns how many it claimed. */
  private async round(): Promise<number> {
    if (this.waiting.length > this.concurrency) return 0;
    const claimed = await this.claim(this.claimLimit - this.held.size);
    this.waiting.push(...claimed);
    this.dispatch();
    return claimed.length;
  }

  /** Starts sends while fewer than `concurrency` are out. */
  private dispatch(): void {
    while (!this.stopping && this.sending.size < this.concurrency && this.waiting.length > 0) {
      const message = this.waiting.shift()!;
      const send: Promise<void> = this.send(message).finally(() => {
        this.sending.delete(send);
        this.dispatch();
        if (this.waiting.length <= this.concurrency) this.loop.wake();
      });
      this.sending.add(send);
    }
  }

  /** Claims up to `limit` due messages, oldest first, each under a new lease (a new `attempt`). */
  private async claim(limit: number): Promise<Claimed[]> {
    if (limit <= 0) return [];
    const table = qualified(this.dataSource.manager, 'deliveries');
    const rows = await this.dataSource.query<Claimed[]>(
      `WITH picked AS (
         SELECT d.id, d.status AS previous FROM ${table} d
          WHERE ((d.status = 'pending' AND (d.not_before IS NULL OR d.not_before <= now()))
              OR (d.status = 'queued' AND (d.lease_until IS NULL OR d.lease_until < now())))
            AND d.id <> ALL($2::uuid[])
            AND NOT EXISTS (SELECT 1 FROM ${table} e WHERE e.meeting_id = d.meeting_id AND e.stream = d.stream
                               AND e.position < d.position AND e.status IN ('pending', 'queued'))
          ORDER BY d.position LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE ${table} d SET status = 'queued', attempt = d.attempt + 1, queued_at = now(),
                lease_until = now() + make_interval(secs => $3)
           FROM picked p WHERE d.id = p.id
         RETURNING d.*, p.previous = 'queued' AS reclaimed
       )
       SELECT * FROM claimed ORDER BY position`,
      [limit, [...this.held.keys()], MAIL_LEASE_MS / 1000],
    );
    for (const row of rows) this.held.set(row.id, row);
    const reclaimed = rows.filter((r) => r.reclaimed).length;
    if (reclaimed > 0) {
      this.metrics.reconciled.inc({ what: 'delivery' }, reclaimed);
      this.logger.warn(`${reclaimed} message(s) whose sender stopped were taken again`);
    }
    return rows;
  }

  /** One send, its outcome kept for the next settle. */
  private async send(message: Claimed): Promise<void> {
    this.finished.push(await this.attempt(message));
    this.settleSoon();
  }

  private async attempt(message: Claimed): Promise<Outcome> {
    const outcome = (status: Outcome['status'], fields: Partial<Outcome> = {}): Outcome => ({
      id: message.id,
      attempt: message.attempt,
      status,
      tries: message.tries,
      error: null,
      retryable: null,
      retryInMs: null,
      ...fields,
    });
    const payload = message.payload;
    // A sign-in link past its 15 minutes (SMTP was away) would only disappoint: not sent.
    if (message.kind === 'sign-in-link' && 'signIn' in payload) {
      if (new Date(payload.signIn.expiresAt) <= this.clock.now()) return outcome('superseded');
    }
    try {
      const rendered = renderDelivery(message, this.clock.now());
      await this.transport.send({
        to: rendered.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: rendered.messageId,
        ...(rendered.attachments ? { attachments: rendered.attachments } : {}),
        ...(rendered.calendar
          ? {
              icalEvent: {
                method: rendered.calendar.method,
                content: rendered.calendar.content,
                filename: 'invite.ics',
              },
            }
          : {}),
      });
      return outcome('sent');
    } catch (error) {
      const tries = message.tries + 1;
      const verdict = afterFailedSend({
        tries,
        permanent: isPermanentSmtpFailure(error),
        attempts: this.options.attempts ?? DEFAULT_MAIL.attempts,
        backoffMs: this.options.backoffMs ?? DEFAULT_MAIL.backoffMs,
      });
      const reason = ((error as Error).message || String(error)).slice(0, 1000);
      return 'retryInMs' in verdict
        ? outcome('pending', { tries, error: reason, retryInMs: verdict.retryInMs })
        : outcome('failed', { tries, error: reason, retryable: verdict.retryable });
    }
  }

  /** Starts settling unless a settle is under way (what it does not take, the next one does). */
  private settleSoon(): void {
    if (this.settling) return;
    this.settling = this.settleFinished().finally(() => {
      this.settling = undefined;
      if (this.finished.length > 0) this.settleSoon();
    });
  }

  /** Writes what finished, a group at a time: what finishes during one write goes in the next. */
  private async settleFinished(): Promise<void> {
    while (this.finished.length > 0) {
      const group = this.finished.splice(0);
      try {
        await this.settle(group);
      } catch (error) {
        // Still held, their leases renewed: written on a later try. Past their lease, taken
        // again by a claim (and a message SMTP took goes twice, with the same Message-ID).
        this.logger.warn(`${group.length} mail result(s) not written yet: ${(error as Error).message}`);
        if (this.stopping) {
          for (const o of group) this.held.delete(o.id);
          return;
        }
        this.finished.unshift(...group);
        await new Promise((resolve) => setTimeout(resolve, SETTLE_RETRY_MS));
        continue;
      }
      for (const o of group) this.held.delete(o.id);
      this.report(group);
      // The messages after these in their streams may be due now.
      if (!this.stopping) this.loop.wake();
    }
  }

  /**
   * One statement for a group of results: sent (a sign-in link's link not kept), to be tried
   * again at its time, failed with its reason, or superseded. A result whose claim is no longer
   * the row's (its lease ran out and another claim took it) changes nothing.
   */
  private async settle(group: Outcome[]): Promise<void> {
    const table = qualified(this.dataSource.manager, 'deliveries');
    await this.dataSource.query(
      `UPDATE ${table} d
          SET status = r.status, tries = r.tries, last_error = r.error, lease_until = NULL,
              retryable = CASE WHEN r.status = 'failed' THEN r.retryable ELSE d.retryable END,
              sent_at = CASE WHEN r.status = 'sent' THEN now() ELSE d.sent_at END,
              failed_at = CASE WHEN r.status = 'failed' THEN now() ELSE NULL END,
              not_before = CASE WHEN r.retry_in_ms IS NULL THEN NULL
                                ELSE now() + make_interval(secs => r.retry_in_ms / 1000.0) END,
              payload = CASE WHEN r.status = 'sent' AND d.kind = 'sign-in-link'
                             THEN jsonb_set(d.payload, '{signIn,link}', '"(sent; not kept)"') ELSE d.payload END
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::boolean[], $7::int[])
              AS r(id, attempt, status, tries, error, retryable, retry_in_ms)
        WHERE d.id = r.id AND d.attempt = r.attempt AND d.status = 'queued'`,
      [
        group.map((o) => o.id),
        group.map((o) => o.attempt),
        group.map((o) => o.status),
        group.map((o) => o.tries),
        group.map((o) => o.error),
        group.map((o) => o.retryable),
        group.map((o) => o.retryInMs),
      ],
    );
  }

  /** Says in the log what did not go out (the rows say it to the co-convenors). */
  private report(group: Outcome[]): void {
    const retried = group.filter((o) => o.status === 'pending');
    const failed = group.filter((o) => o.status === 'failed');
    if (retried.length > 0)
      this.logger.warn(`${retried.length} message(s) not sent, to be tried again: ${retried[0].error}`);
    if (failed.length > 0) this.logger.warn(`${failed.length} message(s) failed: ${failed[0].error}`);
  }

  /** Keeps the leases of the messages this process holds. */
  private async renewLeases(): Promise<void> {
    const held = [...this.held.values()];
    if (held.length === 0) return;
    await this.dataSource
      .query(
        `UPDATE ${qualified(this.dataSource.manager, 'deliveries')} d SET lease_until = now() + make_interval(secs => $3)
           FROM unnest($1::uuid[], $2::int[]) AS h(id, attempt)
          WHERE d.id = h.id AND d.attempt = h.attempt AND d.status = 'queued'`,
        [held.map((m) => m.id), held.map((m) => m.attempt), MAIL_LEASE_MS / 1000],
      )
      .catch((error: Error) => this.logger.warn(`Mail leases not renewed: ${error.message}`));
  }

  /** Gives back claimed messages that were never sent: due again at once, for any replica. */
  private async handBack(unsent: Claimed[]): Promise<void> {
    for (const m of unsent) this.held.delete(m.id);
    if (unsent.length === 0) return;
    await this.dataSource
      .query(
        `UPDATE ${qualified(this.dataSource.manager, 'deliveries')} d SET status = 'pending', lease_until = NULL
           FROM unnest($1::uuid[], $2::int[]) AS h(id, attempt)
          WHERE d.id = h.id AND d.attempt = h.attempt AND d.status = 'queued'`,
        [unsent.map((m) => m.id), unsent.map((m) => m.attempt)],
      )
      .catch((error: Error) => {
        this.logger.warn(`${unsent.length} unsent message(s) left to their leases: ${error.message}`);
      });
  }
}
