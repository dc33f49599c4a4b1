import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ExtraReadinessChecks, Readiness } from './readiness.js';

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: Readiness,
    @Optional() @Inject(ExtraReadinessChecks) private readonly extra?: ExtraReadinessChecks,
  ) {}

  /** The process runs and its event loop turns. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Postgres and Redis answer (and, for the API, every service behind it). */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([...this.readiness.checks(), ...(this.extra?.checks() ?? [])]);
  }
}
