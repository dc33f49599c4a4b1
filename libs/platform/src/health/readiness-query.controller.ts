import { Controller, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { readinessCheckName, type QueueServiceName, type ReadinessReport } from '@jcg/contracts';
import { Readiness } from './readiness.js';

/** The handler of `<service>.readiness.check`, which the API sends to learn whether a service serves. */
export function readinessQueryController(service: QueueServiceName, instance: string): Type<unknown> {
  @Controller()
  class ReadinessQueryController {
    constructor(private readonly readiness: Readiness) {}

    @MessagePattern(readinessCheckName(service))
    async check(): Promise<ReadinessReport> {
      const checks = await this.readiness.report();
      return { service, instance, ready: Object.values(checks).every((c) => c === 'up'), checks };
    }
  }
  return ReadinessQueryController;
}
