import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { ConvenorsService } from './convenors.service.js';

@Controller()
export class ConvenorsController {
  constructor(private readonly convenors: ConvenorsService) {}

  @MessagePattern('membership.convenors.appoint')
  appoint(
    @Payload() request: RequestOf<'membership.convenors.appoint'>,
  ): Promise<ResponseOf<'membership.convenors.appoint'>> {
    return this.convenors.appoint(request);
  }

  @MessagePattern('membership.convenors.history')
  async history(
    @Payload() request: RequestOf<'membership.convenors.history'>,
  ): Promise<ResponseOf<'membership.convenors.history'>> {
    return { items: await this.convenors.history(request.groupId) };
  }
}
