import { Module, type DynamicModule } from '@nestjs/common';
import { GROUP_DIRECTORY_ENTITIES, GROUP_DIRECTORY_MIGRATIONS, GroupDirectoryModule } from '@jcg/group-directory';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';

/** SG and TSAG meeting calendar, report cadence (R6), report compilation and submission. */
@Module({})
export class ReportingModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        PlatformModule.forService({
          ...options,
          entities: GROUP_DIRECTORY_ENTITIES,
          migrations: GROUP_DIRECTORY_MIGRATIONS,
        }),
        GroupDirectoryModule,
      ],
    };
  }
}
