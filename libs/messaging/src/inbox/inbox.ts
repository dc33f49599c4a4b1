import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@jcg/contracts';
import { currentContext, runInContext, type MessageContext } from '../message-context.js';
import { qualified } from '../outbox/outbox.js';

/** Events handled at most in one transaction. */
export const INBOX_BATCH = 64;

/** What a handler does for one event, in the inbox transaction. */
export type Effects = (manager: EntityManager) => Promise<void>;

/**
 * What a handler does for all the events of one transaction it handles (each new to it), in one
 * go: for handlers whose work for many events is one statement rather than one per event.
 */
export type BatchEffects = (manager: EntityManager, events: EventEnvelope[]) => Promise<void>;

interface Entry {
  envelope: EventEnvelope;
  handler: string;
  effects: { one: Effects } | { batch: BatchEffects };
  /** The context of the caller (its correlation and causation): its effects run in it, whoever drains. */
  context: MessageContext | undefined;
  resolve: (handled: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * The one way a service handles an event: the event id is recorded in the inbox in the same
 * transaction as the handler's effects, so a redelivered event finds its id and does nothing.
 *
 * Events handled side by side in this process share a transaction (group commit): while one
 * transaction runs, the events that arrive wait for it, and the next one takes them all (up to
 * INBOX_BATCH): their inbox rows in one statement, their effects one after the other (a batch
 * handler's once for all its events), one commit. Each caller is answered only after the commit
 * that holds its effects, so an event's job completes only once what it did is stored. When a
 * shared transaction fails (a handler threw, a deadlock), it is rolled back whole and each of its
 * events is handled again in a transaction of its own: one failing event fails only itself.
 * Effects must therefore not count on running once in memory: after such a rollback they run
 * again, and what they write is stored once. Each event's effects run in its caller's message
 * context (what they publish is caused by that event); a batch handler's run in the drain's.
 *
 * The price: one transaction at a time per process, so a slow effect or a lock wait holds up the
 * events behind it, and a handler that fails on purpose (an event ahead of the one it needs)
 * makes the others of its transaction run again on their own. Effects take their locks in
 * arrival order, so two replicas' transactions may deadlock: Postgres ends one, and its events
 * are handled again one by one. Effects must not call the inbox themselves (they would wait for
 * their own transaction).
 */
@Injectable()
export class Inbox {
  private readonly waiting: Entry[] = [];
  private draining = false;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `effects` once per (event, handler). Resolves, once what it did is committed, to false
   * when the event was handled before. A concurrent duplicate waits on the inbox row and then
   * skips (in the same transaction: the first one is handled, the other skips).
   */
  handleOnce(envelope: EventEnvelope, handler: string, effects: Effects): Promise<boolean> {
    return this.enqueue(envelope, handler, { one: effects });
  }

  /**
   * As `handleOnce`, with effects that take every event of the transaction given to the same
   * `effects` function at once (an event handled on its own is a batch of one).
   */
  handleInBatch(envelope: EventEnvelope, handler: string, effects: BatchEffects): Promise<boolean> {
    return this.enqueue(envelope, handler, { batch: effects });
  }

  private enqueue(envelope: EventEnvelope, handler: string, effects: Entry['effects']): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ envelope, handler, effects, context: currentContext(), resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) await this.commit(this.waiting.splice(0, INBOX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Entry[]): Promise<void> {
    if (batch.length > 1) {
      let handled: boolean[] | undefined;
      try {
        handled = await this.dataSource.transaction((manager) => this.handle(manager, batch));
      } catch {
        // Rolled back whole: each is handled on its own below, so a failure is its handler's alone.
      }
      if (handled) {
        batch.forEach((entry, i) => entry.resolve(handled[i]));
        return;
      }
    }
    for (const entry of batch) {
      try {
        const [handled] = await this.dataSource.transaction((manager) => this.handle(manager, [entry]));
        entry.resolve(handled);
      } catch (error) {
        entry.reject(error);
      }
    }
  }

  /** Records the events in the inbox (one statement), then runs the effects of those new to it, in order. */
  private async handle(manager: EntityManager, batch: Entry[]): Promise<boolean[]> {
    const keyOf = (entry: Entry) => `${entry.envelope.id.toLowerCase()} ${entry.handler}`;
    const first = new Map<string, number>();
    batch.forEach((entry, i) => {
      if (!first.has(keyOf(entry))) first.set(keyOf(entry), i);
    });
    const unique = [...first.values()].map((i) => batch[i]);
    const inserted = await manager.query<{ event_id: string; handler: string }[]>(
      `INSERT INTO ${qualified(manager, 'inbox')} (event_id, handler, event_type)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
       ON CONFLICT DO NOTHING RETURNING event_id, handler`,
      [unique.map((e) => e.envelope.id), unique.map((e) => e.handler), unique.map((e) => e.envelope.type)],
    );
    const fresh = new Set(inserted.map((row) => `${row.event_id} ${row.handler}`));
    const handled = batch.map((entry, i) => first.get(keyOf(entry)) === i && fresh.has(keyOf(entry)));
    const batches = new Map<BatchEffects, EventEnvelope[]>();
    for (const [i, entry] of batch.entries()) {
      if (!handled[i]) continue;
      if ('one' in entry.effects) {
        const { one } = entry.effects;
        await (entry.context ? runInContext(entry.context, () => one(manager)) : one(manager));
      } else {
        const events = batches.get(entry.effects.batch) ?? [];
        if (events.length === 0) batches.set(entry.effects.batch, events);
        events.push(entry.envelope);
      }
    }
    for (const [effects, events] of batches) await effects(manager, events);
    return handled;
  }
}
