import { Logger } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { EventEmitter } from 'node:events';
import { QueueEvents, type Job } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import {
  findCommand,
  findEvent,
  parseEvent,
  parseRequest,
  parseResponse,
  type CommandName,
  type EventEnvelope,
  type QueueServiceName,
  type RequestInput,
  type ResponseOf,
  type ServiceName,
} from '@jcg/contracts';
import type { QueueConnections } from '../jobs/queue-connections.js';
import { contextOrNew, currentContext } from '../message-context.js';
import { QUEUE_DEFAULTS, REQUEST_DEFAULTS } from './queue-defaults.js';
import { commandQueueName, eventQueueName } from './queue-names.js';
import { RemoteError, type CommandResult, type RemoteProblem } from './remote-error.js';
import { readChangeMark } from './change-marks.js';
import { MarkedCache } from './marked-cache.js';
import { QueryClient } from './query-client.js';
import { ReplyStore } from './reply-store.js';
import { RequestClaims } from './request-claims.js';
import { QUEUE_UNAVAILABLE } from './unavailable.js';

export interface BullMqClientOptions {
  /** Who is sending (logged, and carried in each job). */
  service: ServiceName;
  connections: QueueConnections;
  requestTimeoutMs?: number;
  /** How much longer to wait for a request whose handler had started when time ran out. */
  graceMs?: number;
  /**
   * Keep the answers of cacheable queries (the contract says so) and answer again from them while
   * the owner's change mark has not moved: the API's, whose callers are people and integrations
   * reading what the services hold. Off by default: a service handling an event asks the owner.
   */
  cacheQueries?: boolean;
}

/** A query on its way: to whom, what, in whose context, and how long its caller waits. */
interface QueryCall {
  owner: QueueServiceName;
  name: string;
  payload: unknown;
  context: { correlationId: string; causationId: string | null };
  budgetMs: number;
  timeoutMs: number;
}

/** Answers kept at most by one client, and the characters of their JSON together (at most 2 bytes each). */
const QUERY_CACHE_ENTRIES = 1_000;
const QUERY_CACHE_CHARACTERS = 16 * 1024 * 1024;

/** The data of a command job. */
export interface CommandJobData {
  payload: unknown;
  correlationId: string;
  causationId: string | null;
  sender: ServiceName;
  /** The caller's budget when it sent the request (ms); the claim key expires with it. */
  budgetMs: number;
}

/** What a caller that may never see the answer of its request can still wait for. */
export interface PendingOutcome {
  /** Resolves with the answer, or rejects with the refusal, once the handler finished. */
  readonly outcome: Promise<unknown>;
  readonly jobId: string;
  readonly owner: QueueServiceName;
}

/**
 * Thrown when a request's handler had started when the caller's time (and grace) ran out: it
 * may yet succeed. Answered 503 `OUTCOME_UNKNOWN`; an Idempotency-Key stays taken meanwhile.
 */
export class OutcomeUnknown extends RemoteError implements PendingOutcome {
  constructor(
    problem: RemoteProblem,
    readonly outcome: Promise<unknown>,
    readonly jobId: string,
    readonly owner: QueueServiceName,
  ) {
    super(problem);
    // Nobody may ever wait for it: an unobserved rejection must not crash the process.
    outcome.catch(() => undefined);
  }
}

class RequestTimeout extends Error {}

/**
 * The `ClientProxy` of the BullMQ transport: `send()` puts a job on the owner's command queue
 * and waits for its result; `emit()` puts the event on the event queue of every subscriber.
 * Services publish events through the outbox, which calls `publishEvent`.
 */
export class BullMqClient extends ClientProxy {
  private readonly logger = new Logger(BullMqClient.name);
  private readonly queueEvents = new Map<QueueServiceName, Promise<QueueEvents>>();
  private readonly timeoutMs: number;
  private readonly graceMs: number;
  private readonly claims: RequestClaims;
  private readonly replies: ReplyStore;
  private readonly queries: QueryClient;
  /** Answers of cacheable queries, as their JSON, by name and request (see `cacheQueries`). */
  private readonly answers?: MarkedCache<string>;

  constructor(private readonly options: BullMqClientOptions) {
    super();
    this.timeoutMs = options.requestTimeoutMs ?? REQUEST_DEFAULTS.timeoutMs;
    this.graceMs = options.graceMs ?? REQUEST_DEFAULTS.graceMs;
    const { connections } = options;
    this.claims = new RequestClaims(connections.producer(), (id) => connections.key('request', id));
    this.replies = new ReplyStore(connections.producer(), (id) => connections.key('reply', id));
    this.queries = new QueryClient(connections, options.service);
    if (options.cacheQueries)
      this.answers = new MarkedCache<string>({
        maxEntries: QUERY_CACHE_ENTRIES,
        maxWeight: QUERY_CACHE_CHARACTERS,
        weigh: (text) => text.length,
      });
  }

  connect(): Promise<void> {
    this.options.connections.producer();
    return Promise.resolve();
  }

  async close(): Promise<void> {
    const events = await Promise.allSettled(this.queueEvents.values());
    await Promise.all(events.flatMap((e) => (e.status === 'fulfilled' ? [e.value.close()] : [])));
    this.queueEvents.clear();
    this.queries.close();
    await this.options.connections.close();
  }

  unwrap<T>(): T {
    return this.options.connections.producer() as T;
  }

  /** The shared connections of this service (queues to add work to, worker options, prefix). */
  get connections(): QueueConnections {
    return this.options.connections;
  }

  /** A typed request: the name picks the payload and reply types from the catalogue. */
  request<N extends CommandName>(
    name: N,
    payload: RequestInput<N>,
    options: { timeoutMs?: number } = {},
  ): Promise<ResponseOf<N>> {
    return this.requestByName(name, payload, options.timeoutMs) as Promise<ResponseOf<N>>;
  }

  /** Publishes an event to each subscriber's queue; the event id is the job id, so a re-publish is a no-op. */
  publishEvent(envelope: EventEnvelope): Promise<void> {
    return this.publishEvents([parseEvent(envelope)]);
  }

  /**
   * Publishes events already checked against their contracts (`parseEvent`: the outbox relay
   * checks each row as it reads it), in order, with one bulk add per subscriber's queue.
   */
  async publishEvents(events: EventEnvelope[]): Promise<void> {
    const bySubscriber = new Map<QueueServiceName, EventEnvelope[]>();
    for (const event of events) {
      for (const subscriber of findEvent(event.type)?.subscribers ?? []) {
        const events = bySubscriber.get(subscriber) ?? [];
        if (events.length === 0) bySubscriber.set(subscriber, events);
        events.push(event);
      }
    }
    for (const [subscriber, events] of bySubscriber) {
      await this.options.connections.queue(eventQueueName(subscriber)).addBulk(
        events.map((event) => ({
          name: event.type,
          data: event,
          opts: { ...QUEUE_DEFAULTS.event, jobId: event.id },
        })),
      );
    }
  }

  /** Answers whether Redis can be reached, within a short time. */
  async ping(timeoutMs = 1000): Promise<boolean> {
    try {
      const reply = await withTimeout(this.options.connections.producer().ping(), timeoutMs);
      return reply === 'PONG';
    } catch {
      return false;
    }
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    let disposed = false;
    const finish = (result: WritePacket) => {
      if (disposed) return;
      disposed = true;
      callback({ ...result, isDisposed: true });
    };
    this.requestByName(this.normalizePattern(packet.pattern as string), packet.data).then(
      (response) => finish({ response }),
      (err: unknown) => finish({ err }),
    );
    return () => {
      disposed = true;
    };
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    await this.publishEvent(packet.data as EventEnvelope);
    return undefined as T;
  }

  /**
   * The budget of a request: the configured timeout, or what is left of the budget of the
   * command being handled (a nested request never gets the full budget again).
   */
  private budget(timeoutMs: number): number {
    const deadline = currentContext()?.deadline;
    return deadline === undefined ? timeoutMs : Math.min(timeoutMs, deadline - Date.now());
  }

  private async requestByName(name: string, data: unknown, timeoutMs = this.timeoutMs): Promise<unknown> {
    const payload = parseRequest(name, data);
    const contract = findCommand(name)!;
    const owner = contract.owner;
    const budgetMs = this.budget(timeoutMs);
    if (budgetMs <= 0) throw new RemoteError(this.unanswered(owner, name, timeoutMs));
    const context = contextOrNew();
    if (contract.kind === 'query') {
      // The light path (`query-channel.ts`): no job, no claim; lost, it is a 503.
      const call: QueryCall = { owner, name, payload, context, budgetMs, timeoutMs };
      if (this.answers && contract.cacheable) return this.cachedQuery(this.answers, call);
      return parseResponse(name, await this.ownerAnswer(call));
    }
    const jobId = uuidv7();
    const jobData: CommandJobData = {
      payload,
      correlationId: context.correlationId,
      causationId: context.causationId,
      sender: this.options.service,
      budgetMs,
    };

    let finished: Promise<CommandResult>;
    const queue = this.options.connections.queue(commandQueueName(owner));
    try {
      await this.events(owner); // listening before the job exists: its completion cannot be missed
      await this.claims.open(jobId, budgetMs);
    } catch (error) {
      // Nothing was queued: the claim (written before the job) could not even be opened.
      this.logger.warn(`"${name}" could not be queued: ${(error as Error).message}`);
      throw new RemoteError(QUEUE_UNAVAILABLE);
    }
    try {
      const job: Job = await queue.add(name, jobData, { ...QUEUE_DEFAULTS.command, jobId });
      // No time limit here: BullMQ's would be a timer that keeps a stopping process alive for the
      // whole outcome wait. The waits below are ours (never holding the process), and whoever
      // stops waiting lets the listener go (`stopWaiting`).
      finished = job.waitUntilFinished(await this.events(owner)) as Promise<CommandResult>;
      finished.catch(() => undefined);
    } catch (error) {
      // The add may have reached Redis before failing here: take the claim back so it cannot run.
      this.logger.warn(`"${name}" could not be queued: ${(error as Error).message}`);
      const claim = await this.claims.abandon(jobId).catch(() => 'abandoned' as const);
      throw new RemoteError(claim === 'abandoned' ? QUEUE_UNAVAILABLE : this.unknown(owner, name, budgetMs));
    }

    let result: CommandResult;
    try {
      result = await withTimeout(finished, budgetMs);
    } catch (error) {
      if (!(error instanceof RequestTimeout)) throw this.failed(owner, name, error);
      const claim = await this.claims.abandon(jobId).catch(() => 'unknown' as const);
      if (claim === 'abandoned') {
        // Never run: the handler refuses an abandoned claim. Remove the job while it waits.
        void queue.remove(jobId).catch(() => undefined);
        this.stopWaiting(owner, jobId);
        throw new RemoteError(this.unanswered(owner, name, timeoutMs));
      }
      // The handler is running (or Redis cannot tell): its answer is near, wait a little more.
      try {
        result = await withTimeout(finished, this.graceMs);
      } catch (late) {
        if (!(late instanceof RequestTimeout)) throw this.failed(owner, name, late);
        // The completion may have been missed (the events stream is trimmed): ask the job itself.
        const settled = await this.settledResult(owner, jobId);
        if (settled) this.stopWaiting(owner, jobId);
        if (settled === 'failed') throw this.failed(owner, name, new Error('the job failed'));
        if (settled) return this.unwrapResult(name, settled);
        // Its answer when it comes: a refusal or a failure as a RemoteError; still nothing after
        // the outcome wait, a plain error (the outcome stays unknown).
        const outcome = withTimeout(finished, REQUEST_DEFAULTS.outcomeWaitMs).then(
          (r) => this.unwrapResult(name, r),
          (e: unknown) => {
            if (e instanceof RequestTimeout) {
              this.stopWaiting(owner, jobId);
              throw new Error(`"${name}" did not finish`);
            }
            throw this.failed(owner, name, e);
          },
        );
        throw new OutcomeUnknown(this.unknown(owner, name, budgetMs + this.graceMs), outcome, jobId, owner);
      }
    }
    return this.unwrapResult(name, result);
  }

  /** The owner's answer to a query, as it sent it (not checked yet); its refusal, or a 503, thrown. */
  private async ownerAnswer({ owner, name, payload, context, budgetMs, timeoutMs }: QueryCall): Promise<unknown> {
    const outcome = await this.queries.ask(owner, name, payload, context, budgetMs);
    if (outcome === 'unsent') throw new RemoteError(QUEUE_UNAVAILABLE);
    if (outcome === 'unanswered') throw new RemoteError(this.unanswered(owner, name, timeoutMs));
    if (!outcome.ok) throw new RemoteError(outcome.problem);
    return outcome.value;
  }

  /**
   * A cacheable query answered from the copy kept with the owner's change mark, while the mark
   * has not moved: the owner moves it after every command, event and timer it handled, before
   * the command's answer goes back, so a caller told "done" never reads a copy from before.
   * The mark is read before asking: a change while the owner answers leaves the copy behind it.
   * The copy is the owner's answer as sent, checked against the contract on each use as a fresh one is.
   */
  private async cachedQuery(answers: MarkedCache<string>, call: QueryCall): Promise<unknown> {
    const { owner, name, payload } = call;
    const key = `${name} ${JSON.stringify(payload)}`;
    const mark = await readChangeMark(this.options.connections, owner);
    const kept = answers.get(key, mark);
    if (kept !== undefined) return parseResponse(name, JSON.parse(kept));
    const answer = await this.ownerAnswer(call);
    const value = parseResponse(name, answer); // an answer that breaks the contract is not kept
    const text = JSON.stringify(answer);
    // One answer takes at most a sixteenth of the room: a huge one does not push out all the others.
    if (text.length <= QUERY_CACHE_CHARACTERS / 16) answers.set(key, mark, text);
    return value;
  }

  private async unwrapResult(name: string, result: CommandResult): Promise<unknown> {
    if (!result.ok) throw new RemoteError(result.problem);
    const value = 'ref' in result ? await this.replies.take(result.ref) : result.value;
    return parseResponse(name, value);
  }

  /** A finished job's result read from the job itself; `failed`; or null while it is not finished. */
  private async settledResult(owner: QueueServiceName, jobId: string): Promise<CommandResult | 'failed' | null> {
    try {
      const job = await this.options.connections.queue(commandQueueName(owner)).getJob(jobId);
      if (!job) return null;
      if (job.finishedOn && job.failedReason) return 'failed';
      return job.finishedOn ? (job.returnvalue as CommandResult) : null;
    } catch {
      return null;
    }
  }

  private unknown(owner: QueueServiceName, name: string, waitedMs: number): RemoteProblem {
    return {
      status: 503,
      code: 'OUTCOME_UNKNOWN',
      title: 'Outcome unknown',
      detail: `The ${owner} service started "${name}" but did not finish within ${waitedMs} ms; it may still succeed. Check before doing it again.`,
    };
  }

  private unanswered(owner: QueueServiceName, name: string, timeoutMs: number): RemoteProblem {
    return {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      title: 'Service unavailable',
      detail: `The ${owner} service did not answer "${name}" within ${timeoutMs} ms; it was not done.`,
    };
  }

  private failed(owner: QueueServiceName, name: string, error: unknown): RemoteError {
    this.logger.error(`"${name}" failed in ${owner}: ${(error as Error).message}`);
    return new RemoteError({
      status: 500,
      code: 'COMMAND_FAILED',
      title: 'Internal error',
      detail: `The ${owner} service failed while handling "${name}".`,
    });
  }

  /**
   * Lets go of the completion listener of a job nobody waits for any more (abandoned, answered
   * from the job itself, or past the outcome wait): its waiter is told the job failed.
   */
  private stopWaiting(owner: QueueServiceName, jobId: string): void {
    void this.events(owner)
      // A per-job event BullMQ's typings do not list: QueueEvents is an EventEmitter.
      .then((events) =>
        (events as unknown as EventEmitter).emit(`failed:${jobId}`, { failedReason: 'the caller stopped waiting' }),
      )
      .catch(() => undefined);
  }

  /** One listener per target service for job completions; ready before the first job is added. */
  private events(service: QueueServiceName): Promise<QueueEvents> {
    let events = this.queueEvents.get(service);
    if (!events) {
      const created = new QueueEvents(commandQueueName(service), {
        connection: this.options.connections.redis,
        prefix: this.options.connections.prefix,
      });
      created.on('error', (err) => this.logger.warn(`Queue events of ${service}: ${err.message}`));
      // Every request in flight waits on this one listener.
      created.setMaxListeners(0);
      events = withTimeout(created.waitUntilReady(), 3000).then(() => created);
      events.catch(() => {
        this.queueEvents.delete(service);
        void created.close().catch(() => undefined);
      });
      this.queueEvents.set(service, events);
    }
    return events;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeout()), Math.max(0, ms));
    // A wait never keeps a stopping process alive (an unknown outcome is awaited for minutes).
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
