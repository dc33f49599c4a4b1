import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { ReportsService } from './reports.service.js';

/** Compiled reports: drafts, narratives, documents, submission and TSB's acknowledgement. */
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @MessagePattern('reporting.reports.compile')
  async compile(
    @Payload() r: RequestOf<'reporting.reports.compile'>,
  ): Promise<ResponseOf<'reporting.reports.compile'>> {
    const report = await this.reports.compile(r);
    if (report === 'skipped') throw new Error('a compilation asked through the API is never skipped');
    return report;
  }

  @MessagePattern('reporting.reports.get')
  get(@Payload() r: RequestOf<'reporting.reports.get'>): Promise<ResponseOf<'reporting.reports.get'>> {
    return this.reports.get(r);
  }

  @MessagePattern('reporting.reports.versions')
  versions(@Payload() r: RequestOf<'reporting.reports.versions'>): Promise<ResponseOf<'reporting.reports.versions'>> {
    return this.reports.versions(r);
  }

  @MessagePattern('reporting.reports.write-narrative')
  write(
    @Payload() r: RequestOf<'reporting.reports.write-narrative'>,
  ): Promise<ResponseOf<'reporting.reports.write-narrative'>> {
    return this.reports.writeNarrative(r);
  }

  @MessagePattern('reporting.reports.narrative-history')
  history(
    @Payload() r: RequestOf<'reporting.reports.narrative-history'>,
  ): Promise<ResponseOf<'reporting.reports.narrative-history'>> {
    return this.reports.narrativeHistory(r);
  }

  @MessagePattern('reporting.reports.document')
  document(@Payload() r: RequestOf<'reporting.reports.document'>): Promise<ResponseOf<'reporting.reports.document'>> {
    return this.reports.document(r);
  }

  @MessagePattern('reporting.reports.submit')
  submit(@Payload() r: RequestOf<'reporting.reports.submit'>): Promise<ResponseOf<'reporting.reports.submit'>> {
    return this.reports.submit(r);
  }

  @MessagePattern('reporting.obligations.acknowledge')
  acknowledge(
    @Payload() r: RequestOf<'reporting.obligations.acknowledge'>,
  ): Promise<ResponseOf<'reporting.obligations.acknowledge'>> {
    return this.reports.acknowledge(r);
  }
}
