import 'reflect-metadata';
import { loadConfig, runServiceMain } from '@jcg/platform';
import { ReportingModule } from './reporting.module.js';
import { secretariatsFrom } from './reports/secretariats.js';

runServiceMain('reporting', (env) => {
  const config = loadConfig('reporting', env);
  return { config, module: ReportingModule.forRoot({ config, secretariats: secretariatsFrom(env) }) };
});
