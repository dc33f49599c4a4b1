import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Group, RequestOf } from '@jcg/contracts';
import { GroupsService } from './groups.service.js';

@Controller()
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @MessagePattern('membership.groups.register')
  register(@Payload() request: RequestOf<'membership.groups.register'>): Promise<Group> {
    return this.groups.register(request);
  }

  @MessagePattern('membership.groups.list')
  async list(): Promise<{ items: Group[] }> {
    return { items: await this.groups.list() };
  }

  @MessagePattern('membership.groups.get')
  get(@Payload() request: RequestOf<'membership.groups.get'>): Promise<Group> {
    return this.groups.get(request.groupId);
  }
}
