import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, SystemClock } from './clock.js';
import { createServiceDataSource, migrate, type ServiceDataSourceOptions } from './data-source.js';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    // Last of all: workers have finished their jobs by now (they close before this hook).
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The service's data source, connected and migrated before anything else starts, and the
 * clock every rule reads. A test passes its own clock.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forService(options: ServiceDataSourceOptions & { clock?: Clock }): DynamicModule {
    const { clock, ...dataSourceOptions } = options;
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createServiceDataSource(dataSourceOptions);
            await dataSource.initialize();
            try {
              const ran = await migrate(dataSource);
              if (ran.length > 0)
                new Logger('Migrations').log(
                  `Ran ${ran.length} migration(s) in "${options.schema}": ${ran.join(', ')}`,
                );
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
            return dataSource;
          },
        },
        { provide: Clock, useValue: clock ?? new SystemClock() },
        DataSourceCloser,
      ],
      exports: [DataSource, Clock],
    };
  }
}
