import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { TorService } from './tor.service.js';

@Controller()
export class TorController {
  constructor(private readonly tor: TorService) {}

  @MessagePattern('membership.tor.list')
  async list(@Payload() request: RequestOf<'membership.tor.list'>): Promise<ResponseOf<'membership.tor.list'>> {
    return { items: await this.tor.list(request.groupId) };
  }

  @MessagePattern('membership.tor.get')
  get(@Payload() request: RequestOf<'membership.tor.get'>): Promise<ResponseOf<'membership.tor.get'>> {
    return this.tor.get(request.groupId, request.version);
  }

  @MessagePattern('membership.tor.propose')
  propose(@Payload() request: RequestOf<'membership.tor.propose'>): Promise<ResponseOf<'membership.tor.propose'>> {
    return this.tor.propose(request);
  }

  @MessagePattern('membership.tor.send')
  send(@Payload() request: RequestOf<'membership.tor.send'>): Promise<ResponseOf<'membership.tor.send'>> {
    return this.tor.send(request);
  }

  @MessagePattern('membership.tor.decide')
  decide(@Payload() request: RequestOf<'membership.tor.decide'>): Promise<ResponseOf<'membership.tor.decide'>> {
    return this.tor.decide(request);
  }
}
