import 'reflect-metadata';
import { loadConfig, runServiceMain } from '@jcg/platform';
import { MembershipModule } from './membership.module.js';

runServiceMain('membership', (env) => {
  const config = loadConfig('membership', env);
  return { config, module: MembershipModule.forRoot({ config }) };
});
