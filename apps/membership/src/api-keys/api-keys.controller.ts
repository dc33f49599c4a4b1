import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { ApiKeysService } from './api-keys.service.js';

@Controller()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @MessagePattern('membership.api-keys.create')
  create(
    @Payload() request: RequestOf<'membership.api-keys.create'>,
  ): Promise<ResponseOf<'membership.api-keys.create'>> {
    return this.keys.create(request);
  }

  @MessagePattern('membership.api-keys.list')
  async list(): Promise<ResponseOf<'membership.api-keys.list'>> {
    return { items: await this.keys.list() };
  }

  @MessagePattern('membership.api-keys.get')
  get(@Payload() request: RequestOf<'membership.api-keys.get'>): Promise<ResponseOf<'membership.api-keys.get'>> {
    return this.keys.get(request.keyId);
  }

  @MessagePattern('membership.api-keys.revoke')
  revoke(
    @Payload() request: RequestOf<'membership.api-keys.revoke'>,
  ): Promise<ResponseOf<'membership.api-keys.revoke'>> {
    return this.keys.revoke(request.keyId);
  }

  @MessagePattern('membership.api-keys.authenticate')
  authenticate(
    @Payload() request: RequestOf<'membership.api-keys.authenticate'>,
  ): Promise<ResponseOf<'membership.api-keys.authenticate'>> {
    return this.keys.authenticate(request);
  }
}
