import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceName } from '@jcg/contracts';
import type { Clock } from '@jcg/persistence';
import { boundPort, loadConfig, startService, type PlatformOptions } from '@jcg/platform';
import { queriesAnsweredAt, type TestEnvironment } from '@jcg/testing';
import { AgendaModule } from '../../apps/agenda/src/agenda.module';
import { ApiModule } from '../../apps/api/src/api.module';
import { mountWeb } from '../../apps/api/src/mount-web';
import { MeetingsModule } from '../../apps/meetings/src/meetings.module';
import { MembershipModule } from '../../apps/membership/src/membership.module';
import { NotificationsModule } from '../../apps/notifications/src/notifications.module';
import { ReportingModule } from '../../apps/reporting/src/reporting.module';

type ServiceModule = {
  forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'> & Record<string, unknown>): DynamicModule;
};

const MODULES: Record<ServiceName, ServiceModule> = {
  api: ApiModule,
  meetings: MeetingsModule,
  agenda: AgendaModule,
  membership: MembershipModule,
  reporting: ReportingModule,
  notifications: NotificationsModule,
};

export interface StartServiceOptions {
  instance?: string;
  clock?: Clock;
  requestTimeoutMs?: number;
  /** How much longer a caller waits for a request whose handler had started (REQUEST_GRACE_MS). */
  requestGraceMs?: number;
  /** Commands the service runs at once (COMMAND_CONCURRENCY). */
  commandConcurrency?: number;
  /** Postgres connections of the service (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** Capture the service's log lines (at `logLevel`) instead of writing them out. */
  logs?: { write(line: string): void };
  logLevel?: string;
  /** Service-specific options (e.g. notifications' `mail`, meetings' `meetingTools`). */
  extra?: Record<string, unknown>;
}

/**
 * Runs real services in this test process, against the test's own database and queue prefix.
 * Several replicas of one service may run at once (give each its own instance name).
 */
export class TestSystem {
  private readonly running = new Set<NestFastifyApplication>();

  constructor(readonly env: TestEnvironment) {}

  async start(service: ServiceName, options: StartServiceOptions = {}): Promise<NestFastifyApplication> {
    const config = loadConfig(service, {
      DATABASE_URL: this.env.databaseUrl,
      REDIS_URL: this.env.redisUrl,
      QUEUE_PREFIX: this.env.queuePrefix,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'error',
      INSTANCE_ID: options.instance ?? `${service}-test`,
      REQUEST_TIMEOUT_MS: String(options.requestTimeoutMs ?? 5000),
      ...(options.poolSize ? { DATABASE_POOL_SIZE: String(options.poolSize) } : {}),
      ...(options.commandConcurrency ? { COMMAND_CONCURRENCY: String(options.commandConcurrency) } : {}),
      ...(options.requestGraceMs !== undefined ? { REQUEST_GRACE_MS: String(options.requestGraceMs) } : {}),
    });
    const module = MODULES[service].forRoot({
      config,
      clock: options.clock,
      relay: { intervalMs: 50 },
      ...options.extra,
    });
    const app = await startService(module, config, {
      ...(service === 'api' ? { beforeListen: mountWeb } : {}),
      ...(options.logs ? { logDestination: options.logs } : {}),
    });
    this.running.add(app);
    return app;
  }

  async stop(app: NestFastifyApplication): Promise<void> {
    this.running.delete(app);
    await app.close();
  }

  async stopAll(): Promise<void> {
    const apps = [...this.running];
    this.running.clear();
    await Promise.all(apps.map((app) => app.close()));
  }

  url(app: NestFastifyApplication, path = ''): string {
    return `http://127.0.0.1:${boundPort(app)}${path}`;
  }
}

/** How many times `owner` answered the query `message` on the light path, from its own metrics. */
export function queriesAnswered(system: TestSystem, owner: NestFastifyApplication, message: string): Promise<number> {
  return queriesAnsweredAt(system.url(owner), message);
}
