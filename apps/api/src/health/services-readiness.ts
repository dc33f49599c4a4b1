import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { QUEUE_SERVICES, readinessCheckName } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { CHECK_TIMEOUT_MS, ExtraReadinessChecks } from '@jcg/platform';

/** The API is ready when every service behind it answers its readiness query through its queue. */
@Injectable()
export class ServicesReadiness extends ExtraReadinessChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly client: BullMqClient,
  ) {
    super();
  }

  checks(): Array<() => PromiseLike<HealthIndicatorResult>> {
    return QUEUE_SERVICES.map(
      (service) => () =>
        this.indicators
          .check(service)
          .attempt(async () => {
            const report = await this.client.request(readinessCheckName(service), {}, { timeoutMs: CHECK_TIMEOUT_MS });
            if (!report.ready) throw new Error(`${service} reports ${JSON.stringify(report.checks)}`);
            return { instance: report.instance };
          })
          .withTimeout(CHECK_TIMEOUT_MS + 500),
    );
  }
}
