import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { BullMqClient } from '@jcg/messaging';

export const CHECK_TIMEOUT_MS = 1500;

/** A readiness check an app adds to its own (the API adds one per service behind it). */
export abstract class ExtraReadinessChecks {
  abstract checks(): Array<() => PromiseLike<HealthIndicatorResult>>;
}

/** Ready means: Postgres answers and Redis answers. */
@Injectable()
export class Readiness {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(BullMqClient) private readonly client: BullMqClient,
  ) {}

  checks(): Array<() => PromiseLike<HealthIndicatorResult>> {
    return [
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            await this.dataSource.query('SELECT 1');
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            if (!(await this.client.ping(CHECK_TIMEOUT_MS))) throw new Error('Redis does not answer PING');
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ];
  }

  /** The same checks, as a plain report (for the readiness query the API sends). */
  async report(): Promise<Record<string, 'up' | 'down'>> {
    const results = await Promise.allSettled(this.checks().map((check) => check()));
    const report: Record<string, 'up' | 'down'> = {};
    for (const [index, name] of ['database', 'redis'].entries()) {
      const result = results[index];
      report[name] = result?.status === 'fulfilled' && result.value[name]?.status === 'up' ? 'up' : 'down';
    }
    return report;
  }
}
