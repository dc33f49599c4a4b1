import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';

/** Draft agendas, items, revisions and adoption. */
@Module({})
export class AgendaModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return { module: AgendaModule, imports: [PlatformModule.forService(options)] };
  }
}
