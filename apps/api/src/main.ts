import 'reflect-metadata';
import { loadConfig, runServiceMain } from '@jcg/platform';
import { ApiModule } from './api.module.js';
import { mountDocs } from './docs/openapi.js';

runServiceMain('api', (env) => {
  const config = loadConfig('api', env);
  return { config, module: ApiModule.forRoot({ config }), options: { beforeListen: mountDocs } };
});
