import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { QUEUE_SERVICES, readinessCheckName, type QueueServiceName } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { CHECK_TIMEOUT_MS, ExtraReadinessChecks } from '@jcg/platform';

/**
 * The API's readiness reports every service behind it, each answering its readiness query
 * through its own queue. A service that does not answer makes the report `degraded`, not down:
 * the API still serves what does not need that service, and a probe does not take every API
 * replica out of rotation because one service is down.
 */
@Injectable()
export class ServicesReadiness extends ExtraReadinessChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly client: BullMqClient,
  ) {
    super();
  }

  checks(): Array<() => PromiseLike<HealthIndicatorResult>> {
    return QUEUE_SERVICES.map((service) => () => this.check(service));
  }

  private async check(service: QueueServiceName): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(service);
    try {
      const report = await this.client.request(readinessCheckName(service), {}, { timeoutMs: CHECK_TIMEOUT_MS });
      if (report.ready) return indicator.up({ instance: report.instance });
      return indicator.degraded({ message: `${service} reports ${JSON.stringify(report.checks)}` });
    } catch (error) {
      return indicator.degraded({ message: (error as Error).message });
    }
  }
}
