import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { EntitySchema, MigrationInterface } from 'typeorm';
import {
  MessagingModule,
  MessagingResilience1764400000000,
  TimerKeyPrefix1764401400000,
  MessagingTables1764300000000,
  type OutboxRelayOptions,
} from '@jcg/messaging';
import { PersistenceModule, type Clock } from '@jcg/persistence';
import type { ServiceConfig } from './config/service-config.js';
import { HealthController } from './health/health.controller.js';
import { readinessQueryController } from './health/readiness-query.controller.js';
import { ExtraReadinessChecks, Readiness } from './health/readiness.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { MetricsController } from './metrics/metrics.controller.js';

export interface PlatformOptions {
  config: ServiceConfig;
  // TypeORM takes entity classes.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Array<Function | EntitySchema>;
  migrations?: Array<new () => MigrationInterface>;
  clock?: Clock;
  relay?: Partial<OutboxRelayOptions>;
  /** Durable timers run at once (notifications: webhook attempts are mostly waiting on receivers). */
  timerConcurrency?: number;
  /** Checks the app adds to its readiness (the API: every service behind it). */
  extraReadiness?: Type<ExtraReadinessChecks>;
}

/**
 * What every service has, wired the same way: its schema (migrated at start), the clock, the
 * messaging spine, health and metrics endpoints, JSON logs with correlation ids, and errors
 * as problem+json.
 */
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const consumesQueues = config.service !== 'api';
    return {
      module: PlatformModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        PersistenceModule.forService({
          databaseUrl: config.databaseUrl,
          schema: config.service,
          entities: options.entities ?? [],
          migrations: [
            ...(consumesQueues
              ? [MessagingTables1764300000000, MessagingResilience1764400000000, TimerKeyPrefix1764401400000]
              : []),
            ...(options.migrations ?? []),
          ],
          clock: options.clock,
          applicationName: config.instance,
          poolSize: config.databasePoolSize,
        }),
        MessagingModule.forService({
          service: config.service,
          instance: config.instance,
          redisUrl: config.redisUrl,
          queuePrefix: config.queuePrefix,
          requestTimeoutMs: config.requestTimeoutMs,
          requestGraceMs: config.requestGraceMs,
          commandConcurrency: config.commandConcurrency,
          timerConcurrency: options.timerConcurrency,
          relay: { intervalMs: config.outboxPollMs, ...options.relay },
          wakeOnCommit: config.relayWakeOnCommit,
          // The API answers people and integrations: it keeps the cacheable queries' answers.
          cacheQueries: !consumesQueues,
        }),
      ],
      controllers: [
        HealthController,
        MetricsController,
        ...(config.service !== 'api' ? [readinessQueryController(config.service, config.instance)] : []),
      ],
      providers: [
        Readiness,
        ...(options.extraReadiness ? [{ provide: ExtraReadinessChecks, useClass: options.extraReadiness }] : []),
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [Readiness],
    };
  }
}
