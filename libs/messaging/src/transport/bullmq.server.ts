import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisOptions } from 'bullmq';
import { lastValueFrom } from 'rxjs';
import {
  ContractViolation,
  commandsOwnedBy,
  eventsSubscribedBy,
  parseEvent,
  parseRequest,
  parseResponse,
  type QueueServiceName,
} from '@jcg/contracts';
import { runInContext } from '../message-context.js';
import type { MessagingMetrics } from '../metrics.js';
import type { CommandJobData } from './bullmq.client.js';
import { WORKER_DEFAULTS } from './queue-defaults.js';
import { commandQueueName, eventQueueName } from './queue-names.js';
import { CommandError, isRemoteProblem, type CommandResult } from './remote-error.js';
import { wiringProblems } from './wiring.js';

export interface BullMqServerOptions {
  service: QueueServiceName;
  redis: RedisOptions;
  prefix: string;
  metrics: MessagingMetrics;
  commandConcurrency?: number;
  eventConcurrency?: number;
}

/** The job a handler is running, for handlers that want it (`@Ctx() ctx: BullMqContext`). */
export class BullMqContext extends BaseRpcContext<[Job]> {
  getJob(): Job {
    return this.args[0];
  }
}

/**
 * The transport strategy of the BullMQ transport. Each replica of a service runs a worker on the
 * service's command queue and one on its event queue; BullMQ gives each job to exactly one
 * worker. `close()` waits for the jobs in flight.
 */
export class BullMqServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(BullMqServer.name);
  private readonly workers: Worker[] = [];
  private readonly queues: Queue[] = [];

  constructor(private readonly options: BullMqServerOptions) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all(this.queues.map((q) => q.close()));
    this.workers.length = 0;
    this.queues.length = 0;
  }

  on(): void {
    throw new Error('The BullMQ transport has no server events to listen to');
  }

  unwrap<T>(): T {
    return this.workers as T;
  }

  private async start(): Promise<void> {
    const { service } = this.options;
    const handlers = [...this.messageHandlers.entries()].map(([pattern, handler]) => ({
      pattern,
      isEvent: handler.isEventHandler === true,
    }));
    const problems = wiringProblems(service, handlers);
    if (problems.length > 0) {
      throw new Error(`The ${service} service is wired wrong and will not start:\n- ${problems.join('\n- ')}`);
    }
    if (commandsOwnedBy(service).length > 0) {
      this.startWorker(
        commandQueueName(service),
        (job) => this.runCommand(job as Job<CommandJobData>),
        this.options.commandConcurrency ?? WORKER_DEFAULTS.commandConcurrency,
      );
    }
    if (eventsSubscribedBy(service).length > 0) {
      this.startWorker(
        eventQueueName(service),
        (job) => this.runEvent(job),
        this.options.eventConcurrency ?? WORKER_DEFAULTS.eventConcurrency,
      );
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    this.watchQueueDepth();
  }

  private startWorker(queueName: string, process: (job: Job) => Promise<unknown>, concurrency: number): void {
    const { metrics, prefix, redis } = this.options;
    const worker = new Worker(
      queueName,
      async (job: Job) => {
        const stopTimer = metrics.jobDuration.startTimer({ queue: queueName, message: job.name });
        try {
          return await process(job);
        } finally {
          stopTimer();
        }
      },
      { connection: redis, prefix, concurrency, autorun: true },
    );
    worker.on('completed', (job) =>
      metrics.jobsProcessed.inc({ queue: queueName, message: job.name, outcome: 'completed' }),
    );
    worker.on('failed', (job, error) => {
      metrics.jobsProcessed.inc({ queue: queueName, message: job?.name ?? 'unknown', outcome: 'failed' });
      const final = job && (error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1));
      this.logger.warn(
        `${queueName} job ${job?.id ?? '?'} (${job?.name ?? '?'}) failed${final ? ' for good, kept in the failed set' : ', will retry'}: ${error.message}`,
      );
    });
    worker.on('error', (error) => this.logger.error(`Worker of ${queueName}: ${error.message}`));
    this.workers.push(worker);
  }

  private async runCommand(job: Job<CommandJobData>): Promise<CommandResult> {
    const { payload, correlationId, deadline } = job.data;
    if (Date.now() > deadline) {
      // The caller stopped waiting: running it now would act on a request nobody will see answered.
      throw new UnrecoverableError(`"${job.name}" expired before it was taken (the caller gave up waiting)`);
    }
    let request: unknown;
    try {
      request = parseRequest(job.name, payload);
    } catch (error) {
      if (error instanceof ContractViolation) {
        return {
          ok: false,
          problem: { status: 400, code: 'INVALID_MESSAGE', title: 'Invalid message', detail: error.message },
        };
      }
      throw error;
    }
    const handler = this.getHandlerByPattern(job.name);
    if (!handler) throw new UnrecoverableError(`No handler for "${job.name}"`);
    return runInContext({ correlationId, causationId: String(job.id) }, async () => {
      try {
        const result: unknown = await lastValueFrom(
          this.transformToObservable(await handler(request, new BullMqContext([job]))),
          {
            defaultValue: undefined,
          },
        );
        return { ok: true, value: parseResponse(job.name, result) };
      } catch (error) {
        const problem = error instanceof CommandError ? error.problem : error;
        if (isRemoteProblem(problem) && problem.status < 500) return { ok: false, problem };
        throw error instanceof Error ? error : new Error(describeUnknown(error));
      }
    });
  }

  private async runEvent(job: Job): Promise<void> {
    let envelope;
    try {
      envelope = parseEvent(job.data);
    } catch (error) {
      throw new UnrecoverableError((error as Error).message);
    }
    const handler = this.getHandlerByPattern(envelope.type);
    if (!handler) throw new UnrecoverableError(`No handler for "${envelope.type}"`);
    await runInContext({ correlationId: envelope.correlationId, causationId: envelope.id }, async () => {
      try {
        await lastValueFrom(this.transformToObservable(await handler(envelope, new BullMqContext([job]))), {
          defaultValue: undefined,
        });
      } catch (error) {
        throw error instanceof Error ? error : new Error(describeUnknown(error));
      }
    });
  }

  private watchQueueDepth(): void {
    const { service, metrics, prefix, redis } = this.options;
    const names = [
      ...(commandsOwnedBy(service).length > 0 ? [commandQueueName(service)] : []),
      ...(eventsSubscribedBy(service).length > 0 ? [eventQueueName(service)] : []),
    ];
    for (const name of names) {
      const queue = new Queue(name, { connection: redis, prefix });
      this.queues.push(queue);
      metrics.onScrape(async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        for (const [state, count] of Object.entries(counts)) metrics.queueDepth.set({ queue: name, state }, count);
      });
    }
  }
}

function describeUnknown(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return JSON.stringify(error) ?? String(error);
}
