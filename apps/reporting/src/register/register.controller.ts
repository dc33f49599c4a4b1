import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { RegisterService } from './register.service.js';

/** The work-item register, its topics, the overlap matrix and the demarcation line. */
@Controller()
export class RegisterController {
  constructor(private readonly register: RegisterService) {}

  @MessagePattern('reporting.topics.put')
  putTopic(@Payload() r: RequestOf<'reporting.topics.put'>): Promise<ResponseOf<'reporting.topics.put'>> {
    return this.register.putTopic(r);
  }

  @MessagePattern('reporting.topics.list')
  async topics(@Payload() r: RequestOf<'reporting.topics.list'>): Promise<ResponseOf<'reporting.topics.list'>> {
    return { items: await this.register.topics(r.groupId) };
  }

  @MessagePattern('reporting.work-items.create')
  create(@Payload() r: RequestOf<'reporting.work-items.create'>): Promise<ResponseOf<'reporting.work-items.create'>> {
    return this.register.create(r);
  }

  @MessagePattern('reporting.work-items.update')
  update(@Payload() r: RequestOf<'reporting.work-items.update'>): Promise<ResponseOf<'reporting.work-items.update'>> {
    return this.register.update(r);
  }

  @MessagePattern('reporting.work-items.remove')
  remove(@Payload() r: RequestOf<'reporting.work-items.remove'>): Promise<ResponseOf<'reporting.work-items.remove'>> {
    return this.register.remove(r);
  }

  @MessagePattern('reporting.work-items.import')
  import(@Payload() r: RequestOf<'reporting.work-items.import'>): Promise<ResponseOf<'reporting.work-items.import'>> {
    return this.register.import(r);
  }

  @MessagePattern('reporting.work-items.list')
  async list(@Payload() r: RequestOf<'reporting.work-items.list'>): Promise<ResponseOf<'reporting.work-items.list'>> {
    return { asOf: r.asOf ?? null, items: await this.register.list(r.groupId, r.asOf) };
  }

  @MessagePattern('reporting.work-items.history')
  async history(
    @Payload() r: RequestOf<'reporting.work-items.history'>,
  ): Promise<ResponseOf<'reporting.work-items.history'>> {
    return { items: await this.register.history(r.groupId, r.workItemId) };
  }

  @MessagePattern('reporting.matrix.get')
  matrix(@Payload() r: RequestOf<'reporting.matrix.get'>): Promise<ResponseOf<'reporting.matrix.get'>> {
    return this.register.matrix(r.groupId, r.asOf);
  }

  @MessagePattern('reporting.demarcation.put')
  putDemarcation(
    @Payload() r: RequestOf<'reporting.demarcation.put'>,
  ): Promise<ResponseOf<'reporting.demarcation.put'>> {
    return this.register.putDemarcation(r);
  }

  @MessagePattern('reporting.demarcation.history')
  async demarcationHistory(
    @Payload() r: RequestOf<'reporting.demarcation.history'>,
  ): Promise<ResponseOf<'reporting.demarcation.history'>> {
    return { items: await this.register.demarcationHistory(r.groupId, r.topicKey) };
  }
}
