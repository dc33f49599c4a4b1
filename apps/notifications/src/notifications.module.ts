import { Module, type DynamicModule } from '@nestjs/common';
import { GROUP_DIRECTORY_ENTITIES, GROUP_DIRECTORY_MIGRATIONS, GroupDirectoryModule } from '@jcg/group-directory';
import { RELAY_DEFAULTS } from '@jcg/messaging';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import {
  AllowAgendaRevisionDeliveries1764301200000,
  AllowReminderDeliveries1764300900000,
} from './deliveries/allow-reminders.migration.js';
import { CalendarStreams1764400300000 } from './deliveries/calendar-streams.migration.js';
import { LiveDedup1764400400000 } from './deliveries/live-dedup.migration.js';
import { ReportNotices1764400700000 } from './deliveries/report-notices.migration.js';
import { ReportSubmission1764400900000 } from './deliveries/report-submission.migration.js';
import { ReportMailEvents } from './reports/report-mail.events.js';
import { CreateDeliveries1764300800000 } from './deliveries/create-deliveries.migration.js';
import { DeliveriesController } from './deliveries/deliveries.controller.js';
import { DeliveryPlanner } from './deliveries/delivery-planner.js';
import { FailedDeliveries } from './deliveries/failed-deliveries.js';
import { MailPump1764401500000 } from './deliveries/mail-pump.migration.js';
import { CreateFeedTokens1764301000000 } from './feeds/create-feed-tokens.migration.js';
import { FeedsController } from './feeds/feeds.controller.js';
import { FeedsService } from './feeds/feeds.service.js';
import { DEFAULT_MAIL, MAIL_OPTIONS, type MailOptions } from './mail/mail-options.js';
import { MAIL_POLLING, MailPump } from './mail/mail-pump.js';
import { MailTransport } from './mail/mail-transport.js';
import { MeetingMail } from './meetings/meeting-mail.js';
import { MeetingMailEvents } from './meetings/meeting-mail.events.js';
import { CreateRoster1764300400000 } from './roster/create-roster.migration.js';
import { RosterMemberEntity } from './roster/roster-member.entity.js';
import { RosterEvents } from './roster/roster.events.js';
import { SignInController } from './sign-in/sign-in.controller.js';
import { SignInLinks } from './sign-in/sign-in-links.service.js';
import { SignInLinks1764401300000 } from './sign-in/sign-in.migration.js';
import { InboundWebhooks } from './webhooks/inbound-webhooks.service.js';
import { WebhookDelivery } from './webhooks/webhook-delivery.js';
import { WebhookPoster } from './webhooks/http/webhook-poster.js';
import { WebhookDisabledNotice } from './webhooks/webhook-disabled-notice.js';
import { WebhookEndpoints } from './webhooks/webhook-endpoints.service.js';
import { WebhookFanOut } from './webhooks/webhook-fan-out.events.js';
import { WebhookLog } from './webhooks/webhook-log.service.js';
import { WebhookNotice1764401100000 } from './webhooks/webhook-notice.migration.js';
import { WebhookPump } from './webhooks/webhook-pump.js';
import { WebhookPump1764401400000 } from './webhooks/webhook-pump.migration.js';
import { WEBHOOK_OPTIONS, resolveWebhooks, type WebhookOptions } from './webhooks/webhook-options.js';
import { WebhookUpkeep } from './webhooks/webhook-upkeep.js';
import { Webhooks1764401000000 } from './webhooks/webhooks.migration.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

export { mailOptionsFrom } from './mail/mail-options.js';
export { webhookOptionsFrom, DEFAULT_WEBHOOKS } from './webhooks/webhook-options.js';
export type { WebhookOptions } from './webhooks/webhook-options.js';
export { DEFAULT_MAIL };

export interface NotificationsOptions extends Omit<PlatformOptions, 'entities' | 'migrations'> {
  mail?: Partial<MailOptions>;
  webhooks?: Partial<WebhookOptions>;
}

/** Timers notifications fires at once (webhook replays among them, which wait on receivers). */
const TIMER_CONCURRENCY = 32;

/** The mail options in force: the defaults, then whatever is set (an unset option keeps its default). */
export function resolveMail(mail: Partial<MailOptions> = {}): MailOptions {
  const set = Object.fromEntries(Object.entries(mail).filter(([, v]) => v !== undefined)) as Partial<MailOptions>;
  return { ...DEFAULT_MAIL, ...set };
}

/** E-mail, calendar invites and feeds, outbound and inbound webhooks (R8). */
@Module({})
export class NotificationsModule {
  static forRoot(options: NotificationsOptions): DynamicModule {
    const { mail, webhooks, ...platform } = options;
    return {
      module: NotificationsModule,
      imports: [
        PlatformModule.forService({
          ...platform,
          timerConcurrency: TIMER_CONCURRENCY,
          entities: [...GROUP_DIRECTORY_ENTITIES, RosterMemberEntity],
          migrations: [
            ...GROUP_DIRECTORY_MIGRATIONS,
            CreateRoster1764300400000,
            CreateDeliveries1764300800000,
            AllowReminderDeliveries1764300900000,
            CreateFeedTokens1764301000000,
            AllowAgendaRevisionDeliveries1764301200000,
            CalendarStreams1764400300000,
            LiveDedup1764400400000,
            ReportNotices1764400700000,
            ReportSubmission1764400900000,
            Webhooks1764401000000,
            WebhookNotice1764401100000,
            SignInLinks1764401300000,
            WebhookPump1764401400000,
            MailPump1764401500000,
          ],
        }),
        GroupDirectoryModule,
      ],
      controllers: [
        RosterEvents,
        MeetingMailEvents,
        ReportMailEvents,
        FeedsController,
        DeliveriesController,
        WebhookFanOut,
        WebhooksController,
        SignInController,
      ],
      providers: [
        FeedsService,
        DeliveryPlanner,
        FailedDeliveries,
        MailTransport,
        MailPump,
        MeetingMail,
        WebhookEndpoints,
        WebhookDelivery,
        WebhookPoster,
        WebhookPump,
        WebhookLog,
        WebhookDisabledNotice,
        WebhookUpkeep,
        InboundWebhooks,
        SignInLinks,
        { provide: MAIL_OPTIONS, useValue: resolveMail(mail) },
        { provide: WEBHOOK_OPTIONS, useValue: resolveWebhooks(webhooks) },
        {
          provide: MAIL_POLLING,
          useValue: {
            intervalMs: platform.relay?.intervalMs ?? platform.config.outboxPollMs ?? RELAY_DEFAULTS.intervalMs,
          },
        },
      ],
    };
  }
}
