import 'reflect-metadata';
import { loadConfig, runServiceMain } from '@jcg/platform';
import { NotificationsModule, mailOptionsFrom, webhookOptionsFrom } from './notifications.module.js';

runServiceMain('notifications', (env) => {
  const config = loadConfig('notifications', env);
  return {
    config,
    module: NotificationsModule.forRoot({ config, mail: mailOptionsFrom(env), webhooks: webhookOptionsFrom(env) }),
  };
});
