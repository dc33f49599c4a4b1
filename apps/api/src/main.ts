import 'reflect-metadata';
import { loadConfig, runServiceMain } from '@jcg/platform';
import { ApiModule } from './api.module.js';
import { mountWeb } from './mount-web.js';

runServiceMain('api', (env) => {
  const config = loadConfig('api', env);
  return { config, module: ApiModule.forRoot({ config }), options: { beforeListen: mountWeb } };
});
