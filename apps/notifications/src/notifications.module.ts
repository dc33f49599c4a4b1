import { Module, type DynamicModule } from '@nestjs/common';
import { GROUP_DIRECTORY_ENTITIES, GROUP_DIRECTORY_MIGRATIONS, GroupDirectoryModule } from '@jcg/group-directory';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';

/** E-mail, calendar invites and feeds, outbound and inbound webhooks (R8). */
@Module({})
export class NotificationsModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        PlatformModule.forService({ ...options, entities: GROUP_DIRECTORY_ENTITIES, migrations: GROUP_DIRECTORY_MIGRATIONS }),
        GroupDirectoryModule,
      ],
    };
  }
}
