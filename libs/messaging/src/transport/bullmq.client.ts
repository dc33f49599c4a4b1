import { Logger } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { Queue, QueueEvents, type Job, type RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
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
import { contextOrNew } from '../message-context.js';
import { QUEUE_DEFAULTS, WORKER_DEFAULTS } from './queue-defaults.js';
import { commandQueueName, eventQueueName } from './queue-names.js';
import { RemoteError, type CommandResult } from './remote-error.js';

export interface BullMqClientOptions {
  /** Who is sending (logged, and carried in each job). */
  service: ServiceName;
  redis: RedisOptions;
  /** Redis key prefix of every queue: one per deployment (and per test run). */
  prefix: string;
  requestTimeoutMs?: number;
}

/** The data of a command job. */
export interface CommandJobData {
  payload: unknown;
  correlationId: string;
  causationId: string | null;
  sender: ServiceName;
  /** Epoch ms after which nobody waits for the answer: the job is then dropped, not run. */
  deadline: number;
}

class RequestTimeout extends Error {}

/**
 * The `ClientProxy` of the BullMQ transport: `send()` puts a job on the owner's command queue
 * and waits for its result; `emit()` puts the event on the event queue of every subscriber.
 * Services publish events through the outbox, which calls `publishEvent`.
 */
export class BullMqClient extends ClientProxy {
  private readonly logger = new Logger(BullMqClient.name);
  private connection?: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly queueEvents = new Map<QueueServiceName, Promise<QueueEvents>>();
  private readonly timeoutMs: number;

  constructor(private readonly options: BullMqClientOptions) {
    super();
    this.timeoutMs = options.requestTimeoutMs ?? WORKER_DEFAULTS.requestTimeoutMs;
  }

  connect(): Promise<void> {
    this.sharedConnection();
    return Promise.resolve();
  }

  async close(): Promise<void> {
    const events = await Promise.allSettled(this.queueEvents.values());
    await Promise.all([
      ...[...this.queues.values()].map((q) => q.close()),
      ...events.flatMap((e) => (e.status === 'fulfilled' ? [e.value.close()] : [])),
    ]);
    this.queues.clear();
    this.queueEvents.clear();
    if (this.connection) {
      this.connection.disconnect();
      this.connection = undefined;
    }
  }

  unwrap<T>(): T {
    return this.sharedConnection() as T;
  }

  /** The Redis key prefix of this deployment's queues (for a service's own work queues). */
  get prefix(): string {
    return this.options.prefix;
  }

  /** Connection options for a worker of a service's own work queue (workers need their own connection). */
  get redisOptions(): RedisOptions {
    return this.options.redis;
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
  async publishEvent(envelope: EventEnvelope): Promise<void> {
    const event = parseEvent(envelope);
    for (const subscriber of findEvent(event.type)?.subscribers ?? []) {
      await this.queue(eventQueueName(subscriber)).add(event.type, event, { ...QUEUE_DEFAULTS.event, jobId: event.id });
    }
  }

  /** Answers whether Redis can be reached, within a short time. */
  async ping(timeoutMs = 1000): Promise<boolean> {
    try {
      const reply = await withTimeout(this.sharedConnection().ping(), timeoutMs);
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

  private async requestByName(name: string, data: unknown, timeoutMs = this.timeoutMs): Promise<unknown> {
    const payload = parseRequest(name, data);
    const contract = findCommand(name)!;
    const deadline = Date.now() + timeoutMs;
    let job: Job | undefined;
    const attempt = async (): Promise<CommandResult> => {
      const events = await this.events(contract.owner);
      const context = contextOrNew();
      const jobData: CommandJobData = {
        payload,
        correlationId: context.correlationId,
        causationId: context.causationId,
        sender: this.options.service,
        deadline,
      };
      job = await this.queue(commandQueueName(contract.owner)).add(name, jobData, {
        ...QUEUE_DEFAULTS.command,
        jobId: uuidv7(),
      });
      return (await job.waitUntilFinished(events, timeoutMs + 1000)) as CommandResult;
    };
    let result: CommandResult;
    try {
      result = await withTimeout(attempt(), timeoutMs);
    } catch (error) {
      if (error instanceof RequestTimeout) {
        await job?.remove().catch(() => undefined);
        throw new RemoteError({
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
          title: 'Service unavailable',
          detail: `The ${contract.owner} service did not answer "${name}" within ${timeoutMs} ms.`,
        });
      }
      this.logger.error(`"${name}" failed in ${contract.owner}: ${(error as Error).message}`);
      throw new RemoteError({
        status: 500,
        code: 'COMMAND_FAILED',
        title: 'Internal error',
        detail: `The ${contract.owner} service failed while handling "${name}".`,
      });
    }
    if (!result.ok) throw new RemoteError(result.problem);
    return parseResponse(name, result.value);
  }

  private sharedConnection(): Redis {
    this.connection ??= new Redis({ ...this.options.redis, lazyConnect: false });
    return this.connection;
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.sharedConnection(), prefix: this.options.prefix });
      // Each request in flight listens for the queue closing: as many listeners as requests.
      queue.setMaxListeners(0);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** One listener per target service for job completions; ready before the first job is added. */
  private events(service: QueueServiceName): Promise<QueueEvents> {
    let events = this.queueEvents.get(service);
    if (!events) {
      const created = new QueueEvents(commandQueueName(service), {
        connection: this.options.redis,
        prefix: this.options.prefix,
      });
      created.on('error', (err) => this.logger.warn(`Queue events of ${service}: ${err.message}`));
      events = created.waitUntilReady().then(() => created);
      events.catch(() => this.queueEvents.delete(service));
      this.queueEvents.set(service, events);
    }
    return events;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
