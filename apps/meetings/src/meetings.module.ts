import { Module, type DynamicModule } from '@nestjs/common';
import { GROUP_DIRECTORY_ENTITIES, GROUP_DIRECTORY_MIGRATIONS, GroupDirectoryModule } from '@jcg/group-directory';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import { CoConvenorEntity } from './convenors/co-convenor.entity.js';
import { CoConvenorsEvents } from './convenors/co-convenors.events.js';
import { CreateCoConvenors1764300500000 } from './convenors/create-co-convenors.migration.js';

/** Meeting lifecycle, co-convenor concurrence, the one-week announcement rule (R3, R4, R5). */
@Module({})
export class MeetingsModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return {
      module: MeetingsModule,
      imports: [
        PlatformModule.forService({
          ...options,
          entities: [...GROUP_DIRECTORY_ENTITIES, CoConvenorEntity],
          migrations: [...GROUP_DIRECTORY_MIGRATIONS, CreateCoConvenors1764300500000],
        }),
        GroupDirectoryModule,
      ],
      controllers: [CoConvenorsEvents],
    };
  }
}
