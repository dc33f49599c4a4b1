import 'reflect-metadata';
import { loadConfig, runServiceMain } from '@jcg/platform';
import { MeetingsModule, autoAnnounceMarginFrom, meetingToolsFrom } from './meetings.module.js';

runServiceMain('meetings', (env) => {
  const config = loadConfig('meetings', env);
  return {
    config,
    module: MeetingsModule.forRoot({
      config,
      meetingTools: meetingToolsFrom(env),
      autoAnnounceMarginMs: autoAnnounceMarginFrom(env),
    }),
  };
});
