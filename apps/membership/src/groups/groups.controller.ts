import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { GroupsService } from './groups.service.js';
import { StudyGroupsService } from './study-groups.service.js';

@Controller()
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly studyGroups: StudyGroupsService,
  ) {}

  @MessagePattern('membership.groups.register')
  register(
    @Payload() request: RequestOf<'membership.groups.register'>,
  ): Promise<ResponseOf<'membership.groups.register'>> {
    return this.groups.register(request);
  }

  @MessagePattern('membership.groups.list')
  async list(): Promise<ResponseOf<'membership.groups.list'>> {
    return { items: await this.groups.list() };
  }

  @MessagePattern('membership.groups.get')
  get(@Payload() request: RequestOf<'membership.groups.get'>): Promise<ResponseOf<'membership.groups.get'>> {
    return this.groups.get(request.groupId);
  }

  @MessagePattern('membership.groups.extend')
  extend(@Payload() request: RequestOf<'membership.groups.extend'>): Promise<ResponseOf<'membership.groups.extend'>> {
    return this.groups.extend(request);
  }

  @MessagePattern('membership.groups.conclude')
  conclude(
    @Payload() request: RequestOf<'membership.groups.conclude'>,
  ): Promise<ResponseOf<'membership.groups.conclude'>> {
    return this.groups.conclude(request);
  }

  @MessagePattern('membership.groups.set-study-groups')
  setStudyGroups(
    @Payload() request: RequestOf<'membership.groups.set-study-groups'>,
  ): Promise<ResponseOf<'membership.groups.set-study-groups'>> {
    return this.studyGroups.set(request);
  }

  @MessagePattern('membership.groups.decisions')
  async decisions(
    @Payload() request: RequestOf<'membership.groups.decisions'>,
  ): Promise<ResponseOf<'membership.groups.decisions'>> {
    return { items: await this.groups.decisions(request.groupId) };
  }
}
