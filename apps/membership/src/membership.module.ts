import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import { CreateGroups1764300100000 } from './groups/create-groups.migration.js';
import { GroupEntity } from './groups/group.entity.js';
import { GroupsController } from './groups/groups.controller.js';
import { GroupsService } from './groups/groups.service.js';
import { SeedGroups } from './seed/seed-groups.js';

/** Groups and their ToR, organizations, participants, co-convenors, API keys. */
@Module({})
export class MembershipModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return {
      module: MembershipModule,
      imports: [PlatformModule.forService({ ...options, entities: [GroupEntity], migrations: [CreateGroups1764300100000] })],
      controllers: [GroupsController],
      providers: [GroupsService, SeedGroups],
    };
  }
}
