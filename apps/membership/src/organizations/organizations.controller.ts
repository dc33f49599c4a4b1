import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { OrganizationsService } from './organizations.service.js';

@Controller()
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @MessagePattern('membership.organizations.register')
  register(
    @Payload() request: RequestOf<'membership.organizations.register'>,
  ): Promise<ResponseOf<'membership.organizations.register'>> {
    return this.organizations.register(request);
  }

  @MessagePattern('membership.organizations.list')
  list(
    @Payload() request: RequestOf<'membership.organizations.list'>,
  ): Promise<ResponseOf<'membership.organizations.list'>> {
    return this.organizations.list(request);
  }

  @MessagePattern('membership.organizations.get')
  get(
    @Payload() request: RequestOf<'membership.organizations.get'>,
  ): Promise<ResponseOf<'membership.organizations.get'>> {
    return this.organizations.get(request.organizationId);
  }

  @MessagePattern('membership.organizations.set-participation')
  setParticipation(
    @Payload() request: RequestOf<'membership.organizations.set-participation'>,
  ): Promise<ResponseOf<'membership.organizations.set-participation'>> {
    return this.organizations.setParticipation(request);
  }

  @MessagePattern('membership.groups.admit-organization')
  admit(
    @Payload() request: RequestOf<'membership.groups.admit-organization'>,
  ): Promise<ResponseOf<'membership.groups.admit-organization'>> {
    return this.organizations.admit(request);
  }
}
