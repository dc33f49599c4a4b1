import { z } from 'zod';
import type { CommandName } from '../catalogue.js';
import { provisionMeeting } from '../meetings/meetings.contracts.js';
import { setParticipation } from '../membership/membership.contracts.js';
import { acknowledgeReport, cancelBodyMeeting, putBodyMeeting } from '../reporting/reporting.contracts.js';

interface InboundEvent<T extends z.ZodType> {
  description: string;
  data: T;
  /** The command of the owning service it becomes. */
  command: CommandName;
  /**
   * What it is about: of two events about the same thing, the one with the later `timestamp`
   * wins, whichever arrives last (a retried older event changes nothing).
   */
  aggregate: (data: z.output<T>) => string;
  example: z.input<T>;
}

const inbound = <T extends z.ZodType>(event: InboundEvent<T>) => event;

const GROUP = '0193a1b2-0c3d-7e4f-8a5b-6c7d8e9f0a1b';
const MEETING = '0193a1b2-7777-7e4f-8a5b-6c7d8e9f0a1b';

/**
 * What TSB may post to `POST /v1/webhooks/tsb`: each type's `data`, the command of the owning
 * service it becomes, and what it is about. Each command is idempotent (the same data again
 * changes nothing), so a delivery TSB retries after a lost answer is harmless even past the
 * de-duplication by id.
 */
export const INBOUND_EVENTS = {
  'body-meeting.scheduled': inbound({
    description: "A meeting of a study group or TSAG (TSB's reference, dates, place): reports fall due before it (R6).",
    data: putBodyMeeting.request,
    command: putBodyMeeting.name,
    aggregate: (d) => `body-meeting:${d.reference}`,
    example: {
      reference: 'SG17-2027-05',
      meeting: { body: 'SG17', firstDay: '2027-05-31', lastDay: '2027-06-09', place: 'Geneva' },
    },
  }),
  'body-meeting.moved': inbound({
    description: 'A body meeting moved (new dates): the reports due before it move with it.',
    data: putBodyMeeting.request,
    command: putBodyMeeting.name,
    aggregate: (d) => `body-meeting:${d.reference}`,
    example: {
      reference: 'SG17-2027-05',
      meeting: { body: 'SG17', firstDay: '2027-06-07', lastDay: '2027-06-16', place: 'Geneva' },
    },
  }),
  'body-meeting.cancelled': inbound({
    description: 'A body meeting cancelled: its open report obligations are cancelled.',
    data: cancelBodyMeeting.request,
    command: cancelBodyMeeting.name,
    aggregate: (d) => `body-meeting:${d.reference}`,
    example: { reference: 'SG17-2027-05' },
  }),
  'meeting.room-provisioned': inbound({
    description: "The join details of a group meeting's room (R5).",
    data: provisionMeeting.request,
    command: provisionMeeting.name,
    aggregate: (d) => `meeting-room:${d.meetingId}`,
    example: {
      groupId: GROUP,
      meetingId: MEETING,
      joinDetails: { url: 'https://itu.zoom.us/j/123456789', meetingNumber: '123 456 789', passcode: '2027' },
    },
  }),
  'organization.participation-changed': inbound({
    description:
      'The study groups an organization participates in: participants of groups it no longer qualifies for are suspended, and restored when it does again (R1).',
    data: setParticipation.request,
    command: setParticipation.name,
    aggregate: (d) => `organization:${d.organizationId}`,
    example: { organizationId: '0193a1b2-5555-7e4f-8a5b-6c7d8e9f0a1b', studyGroups: ['SG17', 'SG20'] },
  }),
  'report.acknowledged': inbound({
    description: 'TSB acknowledges a submitted report, with the TD number it gave it.',
    data: acknowledgeReport.request,
    command: acknowledgeReport.name,
    aggregate: (d) => `report:${d.obligationId}`,
    example: {
      groupId: GROUP,
      obligationId: '0193a1b2-9999-7e4f-8a5b-6c7d8e9f0a1b',
      tdNumber: 'T25-SG17-270531-TD-GEN-0123',
    },
  }),
};

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

/** An inbound event type as `GET /v1/webhooks/tsb/event-types` lists it. */
export const inboundEventTypeSchema = z.strictObject({
  type: z.string(),
  description: z.string(),
  /** JSON Schema of `data` (draft 2020-12). */
  schema: z.record(z.string(), z.unknown()),
  example: z.strictObject({ type: z.string(), timestamp: z.string(), data: z.unknown() }),
});
export type InboundEventTypeEntry = z.infer<typeof inboundEventTypeSchema>;

let catalogue: InboundEventTypeEntry[] | undefined;

/** The inbound catalogue: every type TSB may send, its data's JSON Schema and an example body (built once). */
export function inboundEventCatalogue(): InboundEventTypeEntry[] {
  catalogue ??= INBOUND_EVENT_TYPES.map((type) => {
    const event = INBOUND_EVENTS[type];
    const { $schema: _ignored, ...schema } = z.toJSONSchema(event.data, { io: 'input' }) as Record<string, unknown>;
    return {
      type,
      description: event.description,
      schema,
      example: { type, timestamp: '2026-12-01T09:00:00Z', data: event.example },
    };
  });
  return structuredClone(catalogue);
}

/** What an inbound event is about (see `aggregate`), from its validated data. */
export function inboundAggregateOf(type: InboundEventType, data: unknown): string {
  return (INBOUND_EVENTS[type].aggregate as (d: unknown) => string)(data);
}
