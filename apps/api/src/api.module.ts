import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { QueueConnections } from '@jcg/messaging';
import { PlatformModule, type PlatformOptions, type RateLimits } from '@jcg/platform';
import { ApiKeysHttpController } from './api-keys/api-keys.http.controller.js';
import { ApiKeyCache } from './auth/api-key-cache.js';
import { AuthGuard } from './auth/auth.guard.js';
import { CalendarHttpController } from './calendar/calendar.http.controller.js';
import { ConsolePageController } from './console/console.page.controller.js';
import { consoleDirectory, consoleIndex } from './console/console-files.js';
import { CONSOLE_INDEX } from './console/console.tokens.js';
import { ConvenorsHttpController } from './convenors/convenors.http.controller.js';
import { DeliveriesHttpController } from './deliveries/deliveries.http.controller.js';
import { GroupsHttpController } from './groups/groups.http.controller.js';
import { ReportingHttpController } from './reporting/reporting.http.controller.js';
import { RegisterHttpController } from './reporting/register.http.controller.js';
import { ReportsHttpController } from './reporting/reports.http.controller.js';
import { ServicesReadiness } from './health/services-readiness.js';
import { CreateIdempotencyKeys1764301400000 } from './idempotency/create-idempotency-keys.migration.js';
import { IdempotencyInterceptor, IdempotencyJanitor } from './idempotency/idempotency.interceptor.js';
import { MeHttpController } from './me/me.http.controller.js';
import { MeetingSlotsHttpController } from './meetings/meeting-slots.http.controller.js';
import { MeetingsHttpController } from './meetings/meetings.http.controller.js';
import { OrganizationsHttpController } from './organizations/organizations.http.controller.js';
import { ParticipantsHttpController } from './participants/participants.http.controller.js';
import { RATE_LIMIT_SETTINGS, RequestRateLimits, type RateLimitSettings } from './rate-limit/request-rate-limits.js';
import { ParticipantSessionsHttpController, SessionHttpController } from './session/session.http.controller.js';
import { TorHttpController } from './tor/tor.http.controller.js';
import { WebhookEventTypesHttpController } from './webhooks/event-types.http.controller.js';
import { TsbInboundHttpController } from './webhooks/tsb-inbound.http.controller.js';
import { WebhookEndpointsHttpController } from './webhooks/webhook-endpoints.http.controller.js';

export interface ApiOptions extends Omit<PlatformOptions, 'entities' | 'migrations'> {
  /** Rate limits other than the configuration's (tests). */
  rateLimits?: Partial<RateLimits>;
  /** Trusted proxy hops other than the configuration's (tests). */
  trustedProxyHops?: number;
}

/** The only public HTTP surface: authenticates, authorizes, validates, and forwards to the services through their queues. */
@Module({})
export class ApiModule {
  static forRoot({ rateLimits, trustedProxyHops, ...options }: ApiOptions): DynamicModule {
    const rateLimitSettings: RateLimitSettings = {
      limits: { ...options.config.rateLimits, ...rateLimits },
      trustedProxyHops: trustedProxyHops ?? options.config.trustedProxyHops,
    };
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forService({
          ...options,
          migrations: [CreateIdempotencyKeys1764301400000],
          extraReadiness: ServicesReadiness,
        }),
      ],
      controllers: [
        GroupsHttpController,
        TorHttpController,
        OrganizationsHttpController,
        ParticipantsHttpController,
        ConvenorsHttpController,
        ApiKeysHttpController,
        MeHttpController,
        MeetingsHttpController,
        MeetingSlotsHttpController,
        CalendarHttpController,
        DeliveriesHttpController,
        ReportingHttpController,
        RegisterHttpController,
        ReportsHttpController,
        WebhookEventTypesHttpController,
        WebhookEndpointsHttpController,
        TsbInboundHttpController,
        SessionHttpController,
        ParticipantSessionsHttpController,
        ConsolePageController,
      ],
      providers: [
        { provide: ApiKeyCache, inject: [QueueConnections], useFactory: (c: QueueConnections) => new ApiKeyCache(c) },
        { provide: RATE_LIMIT_SETTINGS, useValue: rateLimitSettings },
        RequestRateLimits,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        IdempotencyJanitor,
        { provide: CONSOLE_INDEX, useFactory: () => consoleIndex(consoleDirectory()) },
      ],
    };
  }
}
