import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
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
import type { JobRunner } from '../jobs/job-runner.js';
import type { QueueConnections } from '../jobs/queue-connections.js';
import { commandQueueName, eventQueueName } from './queue-names.js';
import { CommandError, RemoteError, isRemoteProblem, type CommandResult, type RemoteProblem } from './remote-error.js';
import { ReplyStore } from './reply-store.js';
import { RequestClaims } from './request-claims.js';
import type { CommitSignal } from '../commit-signal.js';
import { afterHandled, moveChangeMark } from './change-marks.js';
import type { QueryAnswer, QueryMessage } from './query-channel.js';
import { QueryWorker } from './query-worker.js';
import { QUERY_DEFAULTS } from './queue-defaults.js';
import { unavailableProblem } from './unavailable.js';
import { wiringProblems } from './wiring.js';

export interface BullMqServerOptions {
  service: QueueServiceName;
  connections: QueueConnections;
  runner: JobRunner;
  metrics: MessagingMetrics;
  commandConcurrency?: number;
  eventConcurrency?: number;
  /** Queries one replica answers at once (see `query-worker.ts`). */
  queryConcurrency?: number;
  /** Raised after each command and event handled: what they committed is relayed at once. */
  signal?: CommitSignal;
}

/** The job a handler is running, for handlers that want it (`@Ctx() ctx: BullMqContext`); none for a query. */
export class BullMqContext extends BaseRpcContext<[Job | null]> {
  getJob(): Job | null {
    return this.args[0];
  }
}

const ABANDONED: RemoteProblem = {
  status: 503,
  code: 'REQUEST_ABANDONED',
  title: 'Service unavailable',
  detail: 'The caller stopped waiting before the request was taken: it was not run.',
};

const TAKEN_BEFORE: RemoteProblem = {
  status: 503,
  code: 'OUTCOME_UNKNOWN',
  title: 'Outcome unknown',
  detail:
    'A worker started this request before and stopped (it may have done it): it is not run again. Check before doing it again.',
};

/**
 * The transport strategy of the BullMQ transport. Each replica of a service runs a worker on the
 * service's command queue and one on its event queue; BullMQ gives each job to exactly one
 * worker, and a command is claimed before its handler runs (see `request-claims.ts`): a request
 * whose caller gave up, or that another worker already took, never runs. `close()` waits for
 * the jobs in flight.
 */
export class BullMqServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(BullMqServer.name);
  private readonly workers: Worker[] = [];
  private queryWorker?: QueryWorker;
  /** Handlers by message name: Nest's own lookup tries JSON.parse on every name and throws for a plain one. */
  private readonly handlers = new Map<string, ReturnType<Server['getHandlerByPattern']>>();
  private readonly claims: RequestClaims;
  private readonly replies: ReplyStore;

  constructor(private readonly options: BullMqServerOptions) {
    super();
    const { connections } = options;
    this.claims = new RequestClaims(connections.producer(), (id) => connections.key('request', id));
    this.replies = new ReplyStore(connections.producer(), (id) => connections.key('reply', id));
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.map((w) => this.options.runner.stop(w)), this.queryWorker?.stop()]);
    this.workers.length = 0;
    this.queryWorker = undefined;
  }

  on(): void {
    throw new Error('The BullMQ transport has no server events to listen to');
  }

  unwrap<T>(): T {
    return this.workers as T;
  }

  private async start(): Promise<void> {
    const { service, runner } = this.options;
    const handlers = [...this.messageHandlers.entries()].map(([pattern, handler]) => ({
      pattern,
      isEvent: handler.isEventHandler === true,
    }));
    const problems = wiringProblems(service, handlers);
    if (problems.length > 0) {
      throw new Error(`The ${service} service is wired wrong and will not start:\n- ${problems.join('\n- ')}`);
    }
    // A process that starts moves its mark: one before it may have died between a commit and the move.
    await moveChangeMark(this.options.connections, service, this.logger);
    if (commandsOwnedBy(service).length > 0) {
      this.workers.push(
        runner.start<CommandJobData>({
          queue: commandQueueName(service),
          kind: 'command',
          process: (job) => this.runCommand(job),
          settings: this.options.commandConcurrency ? { concurrency: this.options.commandConcurrency } : {},
        }),
      );
    }
    if (eventsSubscribedBy(service).length > 0) {
      this.workers.push(
        runner.start({
          queue: eventQueueName(service),
          kind: 'event',
          process: (job) => this.runEvent(job),
          settings: this.options.eventConcurrency ? { concurrency: this.options.eventConcurrency } : {},
        }),
      );
    }
    if (commandsOwnedBy(service).some((c) => c.kind === 'query')) {
      this.queryWorker = new QueryWorker({
        service,
        connections: this.options.connections,
        metrics: this.options.metrics,
        concurrency: this.options.queryConcurrency ?? QUERY_DEFAULTS.concurrency,
        run: (message) => this.runQuery(message),
      });
      await this.queryWorker.start();
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    this.watchQueueDepth();
  }

  private async runCommand(job: Job<CommandJobData>): Promise<CommandResult> {
    const { correlationId } = job.data;
    const jobId = String(job.id);
    const request = this.parse(job.name, job.data.payload);
    if (!request.ok) return request;
    // Claimed before the handler runs: a request whose caller gave up, or that a crashed worker
    // had already started, is not run (again).
    const remaining = await this.claims.run(jobId);
    if (remaining === 'abandoned') return { ok: false, problem: ABANDONED };
    if (remaining === 'taken') {
      // The worker that took it may have died between its commit and moving the mark.
      await this.handled();
      return { ok: false, problem: TAKEN_BEFORE };
    }
    try {
      const context = { correlationId, causationId: jobId, deadline: Date.now() + remaining };
      const answer = await runInContext(context, () => this.run(job.name, request.value, job));
      if (!answer.ok) return answer;
      return { ok: true, ...(await this.replies.put(jobId, answer.value)) };
    } finally {
      // Whatever the outcome (a refusal may follow a commit, as when a nested request fails), and
      // before the answer goes back: a copy of this service's state made before is not used again.
      await this.handled();
      await this.claims.done(jobId).catch(() => undefined);
    }
  }

  /** A query from the light path (`query-worker.ts`): the same handler, without a job's lifecycle. */
  private async runQuery(message: QueryMessage): Promise<QueryAnswer> {
    const request = this.parse(message.name, message.payload);
    if (!request.ok) return request;
    const context = {
      correlationId: message.correlationId,
      causationId: message.id,
      deadline: message.sentAt + message.budgetMs,
    };
    return runInContext(context, () => this.run(message.name, request.value, null));
  }

  /** The request checked against its contract before any handler sees it: a 400 problem when it does not fit. */
  private parse(name: string, payload: unknown): QueryAnswer {
    try {
      return { ok: true, value: parseRequest(name, payload) };
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      return {
        ok: false,
        problem: { status: 400, code: 'INVALID_MESSAGE', title: 'Invalid message', detail: error.message },
      };
    }
  }

  /**
   * Runs the handler of a command or query with its checked request: the answer checked against
   * the contract too; a refusal or an outage as a problem. Anything else is thrown (500).
   */
  private async run(name: string, request: unknown, job: Job | null): Promise<QueryAnswer> {
    const handler = this.handlerOf(name);
    if (!handler) throw new UnrecoverableError(`No handler for "${name}"`);
    try {
      const result: unknown = await lastValueFrom(
        this.transformToObservable(await handler(request, new BullMqContext([job]))),
        { defaultValue: undefined },
      );
      return { ok: true, value: parseResponse(name, result) };
    } catch (error) {
      const problem = this.problemOf(name, error);
      if (problem) return { ok: false, problem };
      throw error instanceof Error ? error : new Error(describeUnknown(error));
    }
  }

  /**
   * What the caller is told when a handler throws: its refusal (any status), a refusal that came
   * back from a service it asked (kept as it is: a 503 stays a 503), an answer outside the
   * contract caught before the commit (500, nothing changed), or an outage (503). Anything else
   * fails the job (500, kept in the failed set for inspection).
   */
  private problemOf(name: string, error: unknown): RemoteProblem | null {
    if (error instanceof CommandError && isRemoteProblem(error.problem)) return error.problem;
    if (error instanceof RemoteError) return error.problem;
    if (error instanceof ContractViolation && error.messageName === name) {
      this.logger.error(`"${name}" answered outside its contract: ${error.message}`);
      return {
        status: 500,
        code: 'INVALID_REPLY',
        title: 'Internal error',
        detail: `"${name}" could not answer within its contract; nothing was changed.`,
      };
    }
    return unavailableProblem(error);
  }

  private async runEvent(job: Job): Promise<void> {
    let envelope;
    try {
      envelope = parseEvent(job.data);
    } catch (error) {
      throw new UnrecoverableError((error as Error).message);
    }
    const handler = this.handlerOf(envelope.type);
    if (!handler) throw new UnrecoverableError(`No handler for "${envelope.type}"`);
    await runInContext({ correlationId: envelope.correlationId, causationId: envelope.id }, async () => {
      try {
        await lastValueFrom(this.transformToObservable(await handler(envelope, new BullMqContext([job]))), {
          defaultValue: undefined,
        });
        await this.handled();
      } catch (error) {
        throw error instanceof Error ? error : new Error(describeUnknown(error));
      }
    });
  }

  /** After a command or event handled: see `afterHandled`. */
  private handled(): Promise<void> {
    return afterHandled(this.options.connections, this.options.service, this.options.signal, this.logger);
  }

  private handlerOf(name: string): ReturnType<Server['getHandlerByPattern']> {
    let handler = this.handlers.get(name);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(name);
      this.handlers.set(name, handler);
    }
    return handler;
  }

  private watchQueueDepth(): void {
    const { service, metrics, connections } = this.options;
    const names = [
      ...(commandsOwnedBy(service).length > 0 ? [commandQueueName(service)] : []),
      ...(eventsSubscribedBy(service).length > 0 ? [eventQueueName(service)] : []),
    ];
    for (const name of names) {
      const queue = connections.queue(name);
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
