import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import { GroupsHttpController } from './groups/groups.http.controller.js';
import { ServicesReadiness } from './health/services-readiness.js';

/** The only public HTTP surface: validates, authenticates, and forwards to the services through their queues. */
@Module({})
export class ApiModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return {
      module: ApiModule,
      imports: [PlatformModule.forService({ ...options, extraReadiness: ServicesReadiness })],
      controllers: [GroupsHttpController],
    };
  }
}
