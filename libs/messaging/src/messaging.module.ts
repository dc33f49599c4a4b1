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
import { Inbox } from './inbox/inbox.js';
import { MessagingMetrics } from './metrics.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxRelay, RELAY_DEFAULTS, type OutboxRelayOptions } from './outbox/outbox-relay.js';
import { BullMqClient } from './transport/bullmq.client.js';
import { BullMqServer } from './transport/bullmq.server.js';
import { redisOptionsFromUrl } from './transport/redis-connection.js';

export interface MessagingOptions {
  service: ServiceName;
  /** This process, in logs and metrics. */
  instance: string;
  redisUrl: string;
  queuePrefix: string;
  requestTimeoutMs: number;
  relay?: Partial<OutboxRelayOptions>;
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    @Inject(BullMqClient) private readonly client: BullMqClient,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    await this.client.connect();
    this.relay?.start();
  }
  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

function isQueueService(service: ServiceName): service is QueueServiceName {
  return service !== 'api';
}

/**
 * The messaging spine of one service: the client every service uses to send commands, and for
 * the services behind the API the transport server, the outbox (and its relay) and the inbox.
 */
@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    const redis = redisOptionsFromUrl(options.redisUrl);
    const providers: Provider[] = [
      {
        provide: MessagingMetrics,
        useValue: new MessagingMetrics({ service: options.service, instance: options.instance }),
      },
      {
        provide: BullMqClient,
        useFactory: () =>
          new BullMqClient({
            service: options.service,
            redis,
            prefix: options.queuePrefix,
            requestTimeoutMs: options.requestTimeoutMs,
          }),
      },
      MessagingLifecycle,
    ];
    const exported: Provider[] = [MessagingMetrics, BullMqClient];
    const { service } = options;
    if (isQueueService(service)) {
      providers.push(
        Outbox,
        Inbox,
        {
          provide: OutboxRelay,
          inject: [DataSource, BullMqClient, MessagingMetrics],
          useFactory: (dataSource: DataSource, client: BullMqClient, metrics: MessagingMetrics) =>
            new OutboxRelay(dataSource, (envelope) => client.publishEvent(envelope), metrics, {
              ...RELAY_DEFAULTS,
              ...options.relay,
            }),
        },
        {
          provide: BullMqServer,
          inject: [MessagingMetrics],
          useFactory: (metrics: MessagingMetrics) =>
            new BullMqServer({ service, redis, prefix: options.queuePrefix, metrics }),
        },
      );
      exported.push(Outbox, Inbox, OutboxRelay, BullMqServer);
    } else {
      providers.push({ provide: OutboxRelay, useValue: null });
    }
    return { module: MessagingModule, providers, exports: exported };
  }
}
