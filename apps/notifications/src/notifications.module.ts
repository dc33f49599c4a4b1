import { Module, type DynamicModule } from '@nestjs/common';
import { GROUP_DIRECTORY_ENTITIES, GROUP_DIRECTORY_MIGRATIONS, GroupDirectoryModule } from '@jcg/group-directory';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import {
  AllowAgendaRevisionDeliveries1764301200000,
  AllowReminderDeliveries1764300900000,
} from './deliveries/allow-reminders.migration.js';
import { CreateDeliveries1764300800000 } from './deliveries/create-deliveries.migration.js';
import { DeliveryPlanner } from './deliveries/delivery-planner.js';
import { DeliveryRelay } from './deliveries/delivery-relay.js';
import { CreateFeedTokens1764301000000 } from './feeds/create-feed-tokens.migration.js';
import { FeedsController } from './feeds/feeds.controller.js';
import { FeedsService } from './feeds/feeds.service.js';
import { MAIL_OPTIONS, MailSender, type MailOptions } from './mail/mail-sender.js';
import { MeetingMail } from './meetings/meeting-mail.js';
import { MeetingMailEvents } from './meetings/meeting-mail.events.js';
import { CreateRoster1764300400000 } from './roster/create-roster.migration.js';
import { RosterMemberEntity } from './roster/roster-member.entity.js';
import { RosterEvents } from './roster/roster.events.js';

export interface NotificationsOptions extends Omit<PlatformOptions, 'entities' | 'migrations'> {
  mail?: Partial<MailOptions>;
}

export const DEFAULT_MAIL: MailOptions = {
  smtpUrl: 'smtp://127.0.0.1:1025',
  from: 'Correspondence groups <noreply@jcg.invalid>',
};

/** Reads SMTP_URL and MAIL_FROM. */
export function mailOptionsFrom(env: NodeJS.ProcessEnv): MailOptions {
  const smtpUrl = env.SMTP_URL || DEFAULT_MAIL.smtpUrl;
  if (!/^smtps?:\/\//.test(smtpUrl)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
  return { smtpUrl, from: env.MAIL_FROM || DEFAULT_MAIL.from };
}

/** E-mail, calendar invites and feeds, outbound and inbound webhooks (R8). */
@Module({})
export class NotificationsModule {
  static forRoot(options: NotificationsOptions): DynamicModule {
    const { mail, ...platform } = options;
    return {
      module: NotificationsModule,
      imports: [
        PlatformModule.forService({
          ...platform,
          entities: [...GROUP_DIRECTORY_ENTITIES, RosterMemberEntity],
          migrations: [
            ...GROUP_DIRECTORY_MIGRATIONS,
            CreateRoster1764300400000,
            CreateDeliveries1764300800000,
            AllowReminderDeliveries1764300900000,
            CreateFeedTokens1764301000000,
            AllowAgendaRevisionDeliveries1764301200000,
          ],
        }),
        GroupDirectoryModule,
      ],
      controllers: [RosterEvents, MeetingMailEvents, FeedsController],
      providers: [
        FeedsService,
        DeliveryPlanner,
        DeliveryRelay,
        MailSender,
        MeetingMail,
        { provide: MAIL_OPTIONS, useValue: { ...DEFAULT_MAIL, ...mail } },
      ],
    };
  }
}
