import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommitSignal, GroupWriter, MessagingMetrics, PollingLoop, qualified } from '@jcg/messaging';
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
/**
 * A waiting message goes out only while its lease was confirmed this recently (claimed or
 * renewed): one whose renewal failed (Postgres away) waits, and one another claim took is dropped.
 */
const SEND_WITHIN_MS = MAIL_LEASE_MS / 2;
/** A settle that failed (Postgres away) is tried again after this long. */
const SETTLE_RETRY_MS = 1_000;
/** At shutdown, how long the sends out may take to finish. */
const SHUTDOWN_WAIT_MS = 10_000;

export const MAIL_POLLING = Symbol('MAIL_POLLING');

/** A claimed row, with whether its last process may have sent it (`reclaimed`) and whether it was pending before the claim. */
type ClaimedRow = DeliveryRow & { tries: number; reclaimed: boolean; was_pending: boolean };

/** A message this process holds, and when its lease was last confirmed (this process's clock). */
interface Held {
  row: ClaimedRow;
  confirmedAt: number;
}

/** What became of a claimed message: `retry` keeps it taken (`queued`) until its next try is due. */
interface Outcome {
  id: string;
  attempt: number;
  status: 'sent' | 'retry' | 'failed' | 'superseded';
  tries: number;
  error: string | null;
  retryable: boolean | null;
  retryInMs: number | null;
}

/**
 * Sends the mail that is due, straight from the deliveries table (the service's outbox of mail):
 * no queue job per message. Each round claims, in one statement, the oldest due messages
 * (pending; or taken, and due again: a retry whose time came, or a claim whose process stopped
 * and whose lease ran out), skipping a message while an earlier one of its stream (to the same
 * recipient, about the same meeting) is neither sent nor failed, so a person receives them in
 * the order they were decided. A claimed message is `queued` under a lease, renewed while this
 * process holds it, and stays `queued` until it is sent or fails for good (a failed try keeps it
 * taken until its retry is due): the decisions count it as out, never supersede it, and what they
 * decide follows it. At most `concurrency` messages are being sent at once, and at most twice
 * that many are out, counting those sent whose result is not written yet, so a crash doubles at
 * most `maxOut` (same Message-ID); the claimed ones wait in memory, go out only while their
 * lease was recently confirmed, and more are claimed when few are left waiting, so the SMTP pool
 * never waits for Postgres. Results are written in one statement per group that finished close
 * together.
 */
@Injectable()
export class MailPump implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailPump.name);
  private readonly loop: PollingLoop;
  private readonly concurrency: number;
  private readonly claimLimit: number;
  /** Messages that may be out at once: being sent, or sent with their results not written yet. */
  private readonly maxOut: number;
  /** Claimed and not settled yet: waiting, sending, or sent and being written. */
  private readonly held = new Map<string, Held>();
  private waiting: Held[] = [];
  private readonly sending = new Set<Promise<void>>();
  /** Results of sends, written a group at a time. */
  private readonly results: GroupWriter<Outcome>;
  private renewal?: NodeJS.Timeout;
  private renewing = false;
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
    this.maxOut = 2 * this.concurrency;
    this.loop = new PollingLoop('Mail pump', () => this.round(), {
      intervalMs: polling.intervalMs,
      batchSize: this.claimLimit,
    });
    // Deliveries are written in the transactions of the events this process handles: send them at once.
    this.loop.wakeOn(signal);
    this.results = new GroupWriter<Outcome>({
      write: (group) => this.settle(group),
      written: (group) => {
        for (const o of group) this.held.delete(o.id);
        this.report(group);
        this.dispatch();
        // The messages after these in their streams may be due now.
        if (!this.stopping) this.loop.wake();
      },
      failed: (group, error) => {
        // Still held, their leases renewed: written on a later try (nothing more goes out
        // meanwhile: they count as out). Past their lease, taken again by a claim, and a
        // message SMTP took goes twice, with the same Message-ID.
        this.logger.warn(`${group.length} mail result(s) not written yet: ${error.message}`);
        if (!this.stopping) return group;
        for (const o of group) this.held.delete(o.id);
        return [];
      },
      retryMs: SETTLE_RETRY_MS,
    });
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
      await this.results.drained();
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

  /** Messages that may be at the SMTP server with no result written yet. */
  private get out(): number {
    return this.sending.size + this.results.size;
  }

  /**
   * Starts sends, each under a recently confirmed lease, while fewer than `concurrency` are being
   * sent and fewer than twice that are out (sent, their results not written yet, included): the
   * pool's connections stay busy while a write is under way, and a crash doubles at most that many.
   */
  private dispatch(): void {
    const fresh = Date.now() - SEND_WITHIN_MS;
    while (
      !this.stopping &&
      this.sending.size < this.concurrency &&
      this.out < this.maxOut &&
      this.waiting.length > 0 &&
      this.waiting[0].confirmedAt > fresh
    ) {
      const message = this.waiting.shift()!;
      const send: Promise<void> = this.send(message.row).finally(() => {
        this.sending.delete(send);
        this.dispatch();
        if (this.waiting.length <= this.concurrency) this.loop.wake();
      });
      this.sending.add(send);
    }
  }

  /** Claims up to `limit` due messages, oldest first, each under a new lease (a new `attempt`). */
  private async claim(limit: number): Promise<Held[]> {
    if (limit <= 0) return [];
    const table = qualified(this.dataSource.manager, 'deliveries');
    const confirmedAt = Date.now();
    const rows = await this.dataSource.query<ClaimedRow[]>(
      `WITH picked AS (
         SELECT d.id, d.status = 'queued' AND d.not_before IS NULL AS reclaimed, d.status = 'pending' AS was_pending
           FROM ${table} d
          WHERE (d.status = 'pending' OR (d.status = 'queued' AND (d.lease_until IS NULL OR d.lease_until < now())))
            AND d.id <> ALL($2::uuid[])
            AND NOT EXISTS (SELECT 1 FROM ${table} e WHERE e.meeting_id = d.meeting_id AND e.stream = d.stream
                               AND e.position < d.position AND e.status IN ('pending', 'queued'))
          ORDER BY d.position LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE ${table} d SET status = 'queued', attempt = d.attempt + 1, queued_at = now(), not_before = NULL,
                lease_until = now() + make_interval(secs => $3)
           FROM picked p WHERE d.id = p.id
         RETURNING d.*, p.reclaimed, p.was_pending
       )
       SELECT * FROM claimed ORDER BY position`,
      [limit, [...this.held.keys()], MAIL_LEASE_MS / 1000],
    );
    const claimed = rows.map((row) => ({ row, confirmedAt }));
    for (const held of claimed) this.held.set(held.row.id, held);
    const reclaimed = rows.filter((r) => r.reclaimed).length;
    if (reclaimed > 0) {
      this.metrics.reconciled.inc({ what: 'delivery' }, reclaimed);
      this.logger.warn(`${reclaimed} message(s) whose sender stopped were taken again`);
    }
    return claimed;
  }

  /** One send, its outcome kept for the next settle. */
  private async send(message: ClaimedRow): Promise<void> {
    this.results.push(await this.attempt(message));
  }

  private async attempt(message: ClaimedRow): Promise<Outcome> {
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
      // Postgres' text takes no NUL byte: a server's reply that holds one must not make the result unwritable.
      const reason = ((error as Error).message || String(error)).replaceAll('\u0000', '').slice(0, 1000);
      return 'retryInMs' in verdict
        ? outcome('retry', { tries, error: reason, retryInMs: verdict.retryInMs })
        : outcome('failed', { tries, error: reason, retryable: verdict.retryable });
    }
  }

  /**
   * One statement for a group of results, in id order: sent (a sign-in link's link not kept),
   * taken until its next try is due, failed with its reason, or superseded. A result whose claim
   * is no longer the row's (its lease ran out and another claim took it) changes nothing.
   */
  private async settle(group: Outcome[]): Promise<void> {
    const rows = inIdOrder(group, (o) => o.id);
    const table = qualified(this.dataSource.manager, 'deliveries');
    await this.dataSource.query(
      `UPDATE ${table} d
          SET status = CASE WHEN r.status = 'retry' THEN 'queued' ELSE r.status END,
              tries = r.tries, last_error = r.error,
              retryable = CASE WHEN r.status = 'failed' THEN r.retryable ELSE d.retryable END,
              sent_at = CASE WHEN r.status = 'sent' THEN now() ELSE d.sent_at END,
              failed_at = CASE WHEN r.status = 'failed' THEN now() ELSE NULL END,
              not_before = CASE WHEN r.status = 'retry' THEN now() + make_interval(secs => r.retry_in_ms / 1000) END,
              lease_until = CASE WHEN r.status = 'retry' THEN now() + make_interval(secs => r.retry_in_ms / 1000) END,
              payload = CASE WHEN r.status = 'sent' AND d.kind = 'sign-in-link'
                             THEN jsonb_set(d.payload, '{signIn,link}', '"(sent; not kept)"') ELSE d.payload END
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::boolean[], $7::float8[])
              AS r(id, attempt, status, tries, error, retryable, retry_in_ms)
        WHERE d.id = r.id AND d.attempt = r.attempt AND d.status = 'queued'`,
      [
        rows.map((o) => o.id),
        rows.map((o) => o.attempt),
        rows.map((o) => o.status),
        rows.map((o) => o.tries),
        rows.map((o) => o.error),
        rows.map((o) => o.retryable),
        rows.map((o) => o.retryInMs),
      ],
    );
  }

  /** Says in the log what did not go out (the rows say it to the co-convenors). */
  private report(group: Outcome[]): void {
    const retried = group.filter((o) => o.status === 'retry');
    const failed = group.filter((o) => o.status === 'failed');
    if (retried.length > 0)
      this.logger.warn(`${retried.length} message(s) not sent, to be tried again: ${retried[0].error}`);
    if (failed.length > 0) this.logger.warn(`${failed.length} message(s) failed: ${failed[0].error}`);
  }

  /**
   * Keeps the leases of the messages this process holds, in id order. A waiting message whose
   * claim is no longer the row's (its lease ran out while Postgres was away, and another claim
   * took it) is dropped unsent.
   */
  private async renewLeases(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    const held = inIdOrder([...this.held.values()], (h) => h.row.id);
    // Confirmed as of the moment it was asked, not of the answer: the lease counts from then.
    const askedAt = Date.now();
    try {
      // A row written as a retry or handed back (not_before set) is no longer held: left alone.
      const kept = await this.dataSource.query<{ id: string }[]>(
        `WITH renewed AS (
           UPDATE ${qualified(this.dataSource.manager, 'deliveries')} d SET lease_until = now() + make_interval(secs => $3)
             FROM unnest($1::uuid[], $2::int[]) AS h(id, attempt)
            WHERE d.id = h.id AND d.attempt = h.attempt AND d.status = 'queued' AND d.not_before IS NULL
           RETURNING d.id
         )
         SELECT id FROM renewed`,
        [held.map((h) => h.row.id), held.map((h) => h.row.attempt), MAIL_LEASE_MS / 1000],
      );
      const ours = new Set(kept.map((r) => r.id));
      for (const h of held) if (ours.has(h.row.id)) h.confirmedAt = Math.max(h.confirmedAt, askedAt);
      // Lost: asked about and not renewed. A claim made during the renewal (of a row it asked
      // about under an earlier attempt, too) is another Held, not asked about.
      const asked = new Set(held);
      const lost = new Set(this.waiting.filter((h) => asked.has(h) && !ours.has(h.row.id)));
      if (lost.size > 0) {
        this.waiting = this.waiting.filter((h) => !lost.has(h));
        for (const h of lost) this.held.delete(h.row.id);
        this.logger.warn(`${lost.size} waiting message(s) were taken by another claim: not sent here`);
      }
      this.dispatch();
    } catch (error) {
      this.logger.warn(`Mail leases not renewed: ${(error as Error).message}`);
    } finally {
      this.renewing = false;
    }
  }

  /**
   * Gives back claimed messages that were never sent, due again at once for any replica, as they
   * were before the claim: pending again if they were pending (a newer decision may still
   * supersede them), taken otherwise (an earlier claim's process, or the retry that failed, may
   * have reached the SMTP server).
   */
  private async handBack(unsent: Held[]): Promise<void> {
    for (const h of unsent) this.held.delete(h.row.id);
    if (unsent.length === 0) return;
    const rows = inIdOrder(unsent, (h) => h.row.id);
    await this.dataSource
      .query(
        `UPDATE ${qualified(this.dataSource.manager, 'deliveries')} d
            SET status = CASE WHEN h.was_pending THEN 'pending' ELSE 'queued' END,
                lease_until = now(), not_before = now()
           FROM unnest($1::uuid[], $2::int[], $3::boolean[]) AS h(id, attempt, was_pending)
          WHERE d.id = h.id AND d.attempt = h.attempt AND d.status = 'queued'`,
        [rows.map((h) => h.row.id), rows.map((h) => h.row.attempt), rows.map((h) => h.row.was_pending)],
      )
      .catch((error: Error) => {
        this.logger.warn(`${unsent.length} unsent message(s) left to their leases: ${error.message}`);
      });
  }
}

/** Rows in id order: the order every writer of several deliveries locks them in. */
function inIdOrder<T>(items: T[], id: (item: T) => string): T[] {
  return [...items].sort((a, b) => (id(a) < id(b) ? -1 : 1));
}
