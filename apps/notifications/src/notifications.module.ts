import { Module, type DynamicModule } from '@nestjs/common';
import { GROUP_DIRECTORY_ENTITIES, GROUP_DIRECTORY_MIGRATIONS, GroupDirectoryModule } from '@jcg/group-directory';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import { CreateRoster1764300400000 } from './roster/create-roster.migration.js';
import { RosterMemberEntity } from './roster/roster-member.entity.js';
import { RosterEvents } from './roster/roster.events.js';

/** E-mail, calendar invites and feeds, outbound and inbound webhooks (R8). */
@Module({})
export class NotificationsModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        PlatformModule.forService({
          ...options,
          entities: [...GROUP_DIRECTORY_ENTITIES, RosterMemberEntity],
          migrations: [...GROUP_DIRECTORY_MIGRATIONS, CreateRoster1764300400000],
        }),
        GroupDirectoryModule,
      ],
      controllers: [RosterEvents],
    };
  }
}
