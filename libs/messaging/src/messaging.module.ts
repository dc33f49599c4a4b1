import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueueServiceName, ServiceName } from '@jcg/contracts';
import { CommitSignal } from './commit-signal.js';
import { Inbox } from './inbox/inbox.js';
import { MessagingMetrics } from './metrics.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxRelay, RELAY_DEFAULTS, type OutboxRelayOptions } from './outbox/outbox-relay.js';
import { BullMqClient } from './transport/bullmq.client.js';
import { BullMqServer } from './transport/bullmq.server.js';
import { redisOptionsFromUrl } from './transport/redis-connection.js';
import { JobRunner } from './jobs/job-runner.js';
import { QueueConnections } from './jobs/queue-connections.js';
import { RedisEpoch } from './redis-epoch.js';
import { TimerRunner } from './timers/timer-runner.js';
import { Timers } from './timers/timers.js';
import { Clock } from '@jcg/persistence';

export interface MessagingOptions {
  service: ServiceName;
  /** This process, in logs and metrics. */
  instance: string;
  redisUrl: string;
  queuePrefix: string;
  requestTimeoutMs: number;
  requestGraceMs?: number;
  commandConcurrency?: number;
  /** Timers fired at once (the timer kind's default otherwise). */
  timerConcurrency?: number;
  relay?: Partial<OutboxRelayOptions>;
  /** Wake the relays after each command, event and timer handled (RELAY_WAKE_ON_COMMIT); else they only poll. */
  wakeOnCommit?: boolean;
  /** Keep the answers of cacheable queries while their owner's change mark stays (see `BullMqClient`). */
  cacheQueries?: boolean;
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    @Inject(BullMqClient) private readonly client: BullMqClient,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
    @Inject(TimerRunner) private readonly timers: TimerRunner | null,
    @Inject(JobRunner) private readonly runner: JobRunner,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    await this.client.connect();
    this.relay?.start();
    // After every module registered its timer handlers (they do it at init).
    this.timers?.start();
  }
  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
    await this.timers?.stop();
  }
  async onApplicationShutdown(): Promise<void> {
    // Workers a module started and did not stop itself, then the connections.
    await this.runner.close();
    await this.client.close();
  }
}

function isQueueService(service: ServiceName): service is QueueServiceName {
  return service !== 'api';
}

/**
 * The messaging spine of one service: the client every service uses to send commands, the job
 * runner every worker goes through, and for the services behind the API the transport server,
 * the outbox (and its relay), the inbox and the durable timers.
 */
@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    const connections = new QueueConnections(redisOptionsFromUrl(options.redisUrl), options.queuePrefix);
    const metrics = new MessagingMetrics({ service: options.service, instance: options.instance });
    const runner = new JobRunner(connections, metrics);
    const epoch = new RedisEpoch(connections);
    const signal = new CommitSignal(options.wakeOnCommit ?? true);
    const polling = { ...RELAY_DEFAULTS, ...options.relay };
    const providers: Provider[] = [
      { provide: QueueConnections, useValue: connections },
      { provide: MessagingMetrics, useValue: metrics },
      { provide: JobRunner, useValue: runner },
      { provide: RedisEpoch, useValue: epoch },
      { provide: CommitSignal, useValue: signal },
      {
        provide: BullMqClient,
        useFactory: () =>
          new BullMqClient({
            service: options.service,
            connections,
            requestTimeoutMs: options.requestTimeoutMs,
            graceMs: options.requestGraceMs,
            cacheQueries: options.cacheQueries,
          }),
      },
      MessagingLifecycle,
    ];
    const exported: Provider[] = [
      QueueConnections,
      MessagingMetrics,
      JobRunner,
      RedisEpoch,
      CommitSignal,
      BullMqClient,
    ];
    const { service } = options;
    if (isQueueService(service)) {
      const timers = new Timers();
      providers.push(
        Outbox,
        Inbox,
        { provide: Timers, useValue: timers },
        {
          provide: OutboxRelay,
          inject: [DataSource, BullMqClient],
          useFactory: (dataSource: DataSource, client: BullMqClient) =>
            new OutboxRelay(dataSource, (envelopes) => client.publishEvents(envelopes), metrics, epoch, {
              ...polling,
              signal,
            }),
        },
        {
          provide: TimerRunner,
          inject: [DataSource, Clock],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new TimerRunner(service, dataSource, timers, connections, runner, metrics, clock, epoch, {
              ...polling,
              concurrency: options.timerConcurrency,
              signal,
            }),
        },
        {
          provide: BullMqServer,
          useFactory: () =>
            new BullMqServer({
              service,
              connections,
              runner,
              metrics,
              commandConcurrency: options.commandConcurrency,
              signal,
            }),
        },
      );
      exported.push(Outbox, Inbox, Timers, OutboxRelay, TimerRunner, BullMqServer);
    } else {
      providers.push({ provide: OutboxRelay, useValue: null }, { provide: TimerRunner, useValue: null });
    }
    return { module: MessagingModule, providers, exports: exported };
  }
}
