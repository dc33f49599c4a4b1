import 'reflect-metadata';
import { loadConfig, runServiceMain } from '@jcg/platform';
import { AgendaModule } from './agenda.module.js';

runServiceMain('agenda', (env) => {
  const config = loadConfig('agenda', env);
  return { config, module: AgendaModule.forRoot({ config }) };
});
