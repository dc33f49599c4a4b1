import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { QueueServiceName } from '@jcg/contracts';
import type { QueueConnections } from '../jobs/queue-connections.js';
import type { MessagingMetrics } from '../metrics.js';
import {
  REPLY_LIST_TTL_MS,
  queryListKey,
  type QueryAnswer,
  type QueryMessage,
  type QueryReply,
} from './query-channel.js';

export interface QueryWorkerOptions {
  service: QueueServiceName;
  connections: QueueConnections;
  metrics: MessagingMetrics;
  /** Queries one replica runs at once. */
  concurrency: number;
  /** Runs one query's handler (the transport server's, shared with command jobs). */
  run: (message: QueryMessage) => Promise<QueryAnswer>;
}

/** How long one wait for a query blocks before it looks again (a stop does not wait for it: see `stop`). */
const POP_TIMEOUT_S = 5;

/**
 * Takes the queries of one service from its query list (see `query-channel.ts`), at most
 * `concurrency` at once, and pushes each answer onto its caller's reply list.
 */
export class QueryWorker {
  private readonly logger = new Logger(QueryWorker.name);
  private readonly list: string;
  private readonly running = new Set<Promise<void>>();
  private connection?: Redis;
  private connectionId?: number;
  private stopping = false;
  private loop?: Promise<void>;
  private slotFreed?: () => void;

  constructor(private readonly options: QueryWorkerOptions) {
    this.list = queryListKey(options.connections, options.service);
  }

  async start(): Promise<void> {
    const connection = this.options.connections.blocking('queries');
    this.connection = connection;
    this.connectionId = Number(await connection.client('ID'));
    this.loop = this.take(connection);
  }

  /**
   * Stops taking queries and finishes the ones it holds. The blocking pop is interrupted with
   * CLIENT UNBLOCK, which makes it return empty: a query is never popped and then dropped.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.slotFreed?.();
    if (this.connectionId !== undefined) {
      await this.options.connections
        .producer()
        .client('UNBLOCK', this.connectionId)
        .catch(() => undefined);
    }
    await this.loop;
    await Promise.all(this.running);
    this.connection?.disconnect();
    this.connection = undefined;
  }

  private async take(connection: Redis): Promise<void> {
    const { concurrency } = this.options;
    while (!this.stopping) {
      try {
        if (this.running.size >= concurrency) {
          await new Promise<void>((resolve) => (this.slotFreed = resolve));
          continue;
        }
        // Up to as many as there are free slots, in one blocking call (Redis 7: BLMPOP).
        const popped = await connection.blmpop(
          POP_TIMEOUT_S,
          1,
          this.list,
          'RIGHT',
          'COUNT',
          concurrency - this.running.size,
        );
        for (const text of popped?.[1] ?? []) this.dispatch(text);
      } catch (error) {
        if (this.stopping) return;
        this.logger.debug(`Taking queries: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private dispatch(text: string): void {
    const work = this.answer(text).finally(() => {
      this.running.delete(work);
      const wake = this.slotFreed;
      this.slotFreed = undefined;
      wake?.();
    });
    this.running.add(work);
  }

  private async answer(text: string): Promise<void> {
    const { metrics, service } = this.options;
    const queue = `${service}-queries`;
    let message: QueryMessage;
    try {
      message = JSON.parse(text) as QueryMessage;
    } catch {
      this.logger.warn('A query that is not JSON was dropped');
      return;
    }
    // Its caller has stopped waiting (the owner was down, or the list was long): not run.
    if (Date.now() > message.sentAt + message.budgetMs) {
      metrics.jobsProcessed.inc({ queue, message: message.name, outcome: 'expired' });
      return;
    }
    const stopTimer = metrics.jobDuration.startTimer({ queue, message: message.name });
    let answer: QueryAnswer;
    let outcome = 'completed';
    try {
      answer = await this.options.run(message);
    } catch (error) {
      outcome = 'failed';
      this.logger.error(`Query "${message.name}" failed: ${(error as Error).message}`);
      answer = {
        ok: false,
        problem: {
          status: 500,
          code: 'COMMAND_FAILED',
          title: 'Internal error',
          detail: `The ${service} service failed while handling "${message.name}".`,
        },
      };
    }
    stopTimer();
    metrics.jobsProcessed.inc({ queue, message: message.name, outcome });
    const reply: QueryReply = { id: message.id, answer };
    try {
      const redis = this.options.connections.producer();
      await Promise.all([
        redis.lpush(message.replyTo, JSON.stringify(reply)),
        redis.pexpire(message.replyTo, REPLY_LIST_TTL_MS),
      ]);
    } catch (error) {
      // The caller gets a 503 when its time runs out; a query changes nothing, so nothing is lost.
      this.logger.warn(`The answer to "${message.name}" could not be sent: ${(error as Error).message}`);
    }
  }
}
