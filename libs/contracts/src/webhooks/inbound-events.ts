import { z } from 'zod';
import type { CommandName } from '../catalogue.js';
import { provisionMeeting } from '../meetings/meetings.contracts.js';
import { setParticipation } from '../membership/membership.contracts.js';
import { acknowledgeReport, cancelBodyMeeting, putBodyMeeting } from '../reporting/reporting.contracts.js';

/**
 * What TSB may post to `POST /v1/webhooks/tsb`: each type's `data` and the command of the owning
 * service it becomes. Each command is idempotent (the same data again changes nothing), so a
 * delivery TSB retries after a lost answer is harmless even past the de-duplication by id.
 */
export const INBOUND_EVENTS = {
  'body-meeting.scheduled': {
    description: "A meeting of a study group or TSAG (TSB's reference, dates, place): reports fall due before it (R6).",
    data: putBodyMeeting.request,
    command: putBodyMeeting.name,
  },
  'body-meeting.moved': {
    description: 'A body meeting moved (new dates): the reports due before it move with it.',
    data: putBodyMeeting.request,
    command: putBodyMeeting.name,
  },
  'body-meeting.cancelled': {
    description: 'A body meeting cancelled: its open report obligations are cancelled.',
    data: cancelBodyMeeting.request,
    command: cancelBodyMeeting.name,
  },
  'meeting.room-provisioned': {
    description: "The join details of a group meeting's room (R5).",
    data: provisionMeeting.request,
    command: provisionMeeting.name,
  },
  'organization.participation-changed': {
    description: 'The study groups an organization participates in: participants of groups it left are suspended (R1).',
    data: setParticipation.request,
    command: setParticipation.name,
  },
  'report.acknowledged': {
    description: 'TSB acknowledges a submitted report, with the TD number it gave it.',
    data: acknowledgeReport.request,
    command: acknowledgeReport.name,
  },
} as const satisfies Record<string, { description: string; data: z.ZodType; command: CommandName }>;

export type InboundEventType = keyof typeof INBOUND_EVENTS;
export const INBOUND_EVENT_TYPES = Object.keys(INBOUND_EVENTS) as InboundEventType[];

export function isInboundEventType(type: string): type is InboundEventType {
  return Object.hasOwn(INBOUND_EVENTS, type);
}

/** The body TSB posts (Standard Webhooks: type, timestamp, data). */
export const inboundBodySchema = z.strictObject({
  type: z.string().min(1).max(200),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.unknown(),
});
