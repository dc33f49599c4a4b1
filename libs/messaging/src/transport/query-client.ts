import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import type { QueueServiceName, ServiceName } from '@jcg/contracts';
import type { QueueConnections } from '../jobs/queue-connections.js';
import { queryListKey, replyListKey, type QueryAnswer, type QueryMessage, type QueryReply } from './query-channel.js';

/** The outcome of asking: the owner's answer, `unanswered` (time ran out), or `unsent` (Redis refused the push). */
export type QueryOutcome = QueryAnswer | 'unanswered' | 'unsent';

/** How many replies one read takes when several are waiting. */
const REPLY_BATCH = 256;

/**
 * Sends queries on the light path (see `query-channel.ts`) and waits for their answers: one
 * blocking connection per process reads the process's reply list and hands each reply to the
 * query waiting for it.
 */
export class QueryClient {
  private readonly logger = new Logger(QueryClient.name);
  private readonly id = uuidv7();
  private readonly replyKey: string;
  private readonly waiting = new Map<string, (answer: QueryAnswer) => void>();
  private listener?: Redis;
  private closed = false;

  constructor(
    private readonly connections: QueueConnections,
    private readonly sender: ServiceName,
  ) {
    this.replyKey = replyListKey(connections, this.id);
  }

  async ask(
    owner: QueueServiceName,
    name: string,
    payload: unknown,
    context: { correlationId: string; causationId: string | null },
    budgetMs: number,
  ): Promise<QueryOutcome> {
    this.listen();
    const message: QueryMessage = {
      id: uuidv7(),
      name,
      payload,
      replyTo: this.replyKey,
      correlationId: context.correlationId,
      causationId: context.causationId,
      sender: this.sender,
      sentAt: Date.now(),
      budgetMs,
    };
    const text = JSON.stringify(message);
    const list = queryListKey(this.connections, owner);
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<QueryOutcome>((resolve) => {
      this.waiting.set(message.id, resolve);
      timer = setTimeout(() => resolve('unanswered'), Math.max(0, budgetMs));
      timer.unref();
    });
    try {
      await this.connections.producer().lpush(list, text);
    } catch (error) {
      this.logger.warn(`"${name}" could not be sent: ${(error as Error).message}`);
      clearTimeout(timer);
      this.waiting.delete(message.id);
      return 'unsent';
    }
    const outcome = await answered;
    clearTimeout(timer);
    this.waiting.delete(message.id);
    // Not taken yet: take it back, so that no replica runs a query nobody waits for.
    if (outcome === 'unanswered')
      await this.connections
        .producer()
        .lrem(list, 1, text)
        .catch(() => undefined);
    return outcome;
  }

  close(): void {
    this.closed = true;
    this.listener?.disconnect();
    this.listener = undefined;
  }

  /** Starts the reply reader once: it blocks on the reply list and wakes the query each reply is for. */
  private listen(): void {
    if (this.listener || this.closed) return;
    const listener = this.connections.blocking('query replies');
    this.listener = listener;
    void this.read(listener);
  }

  private async read(listener: Redis): Promise<void> {
    while (!this.closed && this.listener === listener) {
      try {
        // Every reply waiting (up to a batch), in one blocking call (Redis 7: BLMPOP).
        const popped = await listener.blmpop(5, 1, this.replyKey, 'RIGHT', 'COUNT', REPLY_BATCH);
        for (const text of popped?.[1] ?? []) this.deliver(text);
      } catch (error) {
        if (this.closed) return;
        this.logger.debug(`Reading query replies: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private deliver(text: string): void {
    let reply: QueryReply;
    try {
      reply = JSON.parse(text) as QueryReply;
    } catch {
      this.logger.warn('A query reply that is not JSON was dropped');
      return;
    }
    // No waiter: its caller's time ran out before the answer came.
    this.waiting.get(reply.id)?.(reply.answer);
  }
}
