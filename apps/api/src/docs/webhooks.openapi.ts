import { createHash } from 'node:crypto';
import type { OpenAPIObject, OperationObject, ParameterObject } from '@nestjs/swagger';
import {
  signatureHeader,
  webhookBodyJsonSchema,
  webhookEventCatalogue,
  type EventType,
  type WebhookEventType,
} from '@jcg/contracts';

/**
 * The webhooks the platform sends TSB, one per event type, in the OpenAPI `webhooks` section.
 *
 * `webhooks` is an OpenAPI 3.1 field, and the document is 3.1: its schemas are JSON Schema
 * 2020-12, as the catalogue (`GET /v1/webhooks/event-types`) serves them. (Given a 3.0 document,
 * these schemas follow its dialect instead.)
 */

/**
 * Where an event's data says which aggregate it is about and its version: receivers keep, per
 * aggregate, the copy with the highest version, whichever event brought it (retries deliver out
 * of order). `null`: the data carries no version.
 */
interface Ordering {
  aggregate: string;
  id: string;
  version: string;
}
const meeting = (at: string): Ordering => ({ aggregate: 'meeting', id: `${at}.id`, version: `${at}.version` });
const bodyMeeting = (at: string): Ordering => ({
  aggregate: 'body meeting',
  id: `${at}.id`,
  version: `${at}.version`,
});
const obligation: Ordering = {
  aggregate: 'report obligation',
  id: 'data.obligation.id',
  version: 'data.obligation.version',
};

export const EVENT_ORDERING: Record<EventType, Ordering | null> = {
  'group.registered': null,
  'group.tor-revised': { aggregate: "group's ToR", id: 'data.groupId', version: 'data.version' },
  'group.extended': null,
  'group.concluded': null,
  'group.study-groups-changed': null,
  'organization.participation-changed': null,
  'participant.joined': null,
  'participant.updated': null,
  'participant.suspended': null,
  'participant.restored': null,
  'participant.left': null,
  'convenor.appointed': null,
  'meeting.proposed': meeting('data'),
  'meeting.agreed': meeting('data'),
  'meeting.announced': meeting('data.meeting'),
  'meeting.changed': meeting('data.meeting'),
  'meeting.cancelled': meeting('data'),
  'meeting.announcement-reminder': meeting('data.meeting'),
  'meeting.announcement-missed': meeting('data.meeting'),
  'agenda.revised': null,
  'body-meeting.scheduled': bodyMeeting('data'),
  'body-meeting.moved': bodyMeeting('data.bodyMeeting'),
  'body-meeting.cancelled': bodyMeeting('data'),
  'report.opened': obligation,
  'report.due-moved': obligation,
  'report.reminder': obligation,
  'report.overdue': obligation,
  'report.missed': obligation,
  'report.submitted': obligation,
  'report.drafted': obligation,
  'report.acknowledged': obligation,
  'report.cancelled': obligation,
};

/** The secret the examples are signed with (never a real one): verify the example signature with it. */
export const EXAMPLE_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const DELIVERY =
  'Delivered by POST, as JSON, to every enabled endpoint subscribed to the type (an endpoint of one group gets that group\u2019s events, and the events of no group). ' +
  'The body is `{ type, timestamp, data }`: `timestamp` is when the event occurred, `data` exactly what the event\u2019s contract defines. ' +
  'Types are never renamed and payloads are only ever extended: ignore members you do not know.\n\n' +
  '**Verify** before trusting a delivery: compute HMAC-SHA256, keyed with the base64-decoded part of your `whsec_` secret after `whsec_`, ' +
  'of `{webhook-id}.{webhook-timestamp}.{raw body}` (the bytes as received, not re-serialized JSON); base64 it; it must equal one of the `v1,` signatures ' +
  'in `webhook-signature` (compare in constant time). Refuse a `webhook-timestamp` more than 5 minutes from your clock.\n\n' +
  '**Answer** with any 2xx within 10 seconds, and do the work afterwards. Anything else (another status, no answer in 10 s, a network error) is retried ' +
  'with the same `webhook-id` and body, with growing delays (the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h), ' +
  'so de-duplicate on `webhook-id`. A 429 or 503 may set the next attempt with `Retry-After`. ' +
  '**410 Gone** disables the endpoint at once: it gets nothing more until it is enabled again. ' +
  'An endpoint whose every attempt fails for 5 days is disabled, and its contact mailed.';

function orderingText(ordering: Ordering | null): string {
  if (!ordering) {
    return '**Order**: this data carries no version, and deliveries may arrive out of order (retries). When the order matters, read the current state from the API.';
  }
  return (
    `**Order**: deliveries may arrive out of order (retries). Keep, per ${ordering.aggregate} (\`${ordering.id}\`), ` +
    `the copy with the highest \`${ordering.version}\`, whichever event brought it; ignore an older one.`
  );
}

/** A UUID (version 7, of the example's instant) that is the same every time the document is built. */
function exampleMessageId(type: string, at: number): string {
  const time = at.toString(16).padStart(12, '0');
  const random = createHash('sha256').update(type).digest('hex');
  const variant = ((parseInt(random[3], 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 19)}`;
}

/** The headers of the example delivery: its first attempt, a second after the event, signed with the example secret. */
export function exampleHeaders(example: WebhookEventType['example']): Record<string, string> {
  const at = Date.parse(example.timestamp);
  const id = exampleMessageId(example.type, at);
  const timestamp = String(Math.floor(at / 1000) + 1);
  const signature = signatureHeader([EXAMPLE_SECRET], id, Number(timestamp), JSON.stringify(example));
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
}

function headerParameters(example: WebhookEventType['example']): ParameterObject[] {
  const headers = exampleHeaders(example);
  return [
    {
      name: 'webhook-id',
      in: 'header',
      required: true,
      description:
        'The message id: the same on every retry and replay of this message, so de-duplicate on it. One message per event and endpoint.',
      schema: { type: 'string', format: 'uuid' },
      example: headers['webhook-id'],
    },
    {
      name: 'webhook-timestamp',
      in: 'header',
      required: true,
      description: 'When this attempt was sent: unix seconds. Each retry has its own (and its own signature).',
      schema: { type: 'string', pattern: '^[0-9]+$' },
      example: headers['webhook-timestamp'],
    },
    {
      name: 'webhook-signature',
      in: 'header',
      required: true,
      description:
        '`v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`; during a secret rotation one per secret, space-separated: ' +
        `accept the delivery if any matches. The example is signed with the example secret \`${EXAMPLE_SECRET}\` and the example body serialized as compact JSON.`,
      schema: { type: 'string' },
      example: headers['webhook-signature'],
    },
  ];
}

function operation(event: WebhookEventType, dialect: 'draft-2020-12' | 'openapi-3.0'): OperationObject {
  const { $schema: _ignored, ...schema } = webhookBodyJsonSchema(event.type as EventType, dialect);
  return {
    tags: ['webhooks'],
    operationId: `webhook.${event.type}`,
    summary: event.description,
    description: [
      `\`${event.type}\`, published by the ${event.owner} service: ${event.description}`,
      orderingText(EVENT_ORDERING[event.type as EventType]),
      DELIVERY,
    ].join('\n\n'),
    parameters: headerParameters(event.example),
    requestBody: {
      required: true,
      content: { 'application/json': { schema, example: event.example } },
    },
    responses: {
      '2XX': { description: 'Received (answer within 10 s; the body of the answer is ignored)' },
      '410': { description: 'Gone: the endpoint is disabled at once and receives nothing more' },
      default: {
        description:
          'Not received: any other status, no answer within 10 s, or a network error. The delivery is retried (same webhook-id and body).',
      },
    },
  };
}

/**
 * Fills the document's `webhooks`: one POST per event type, sorted by type. The body schemas are
 * in the document's dialect: OpenAPI 3.0's, or JSON Schema 2020-12 in a 3.1 document.
 */
export function addWebhooks(document: OpenAPIObject): OpenAPIObject {
  const dialect = document.openapi.startsWith('3.0') ? 'openapi-3.0' : 'draft-2020-12';
  document.webhooks = {
    ...document.webhooks,
    ...Object.fromEntries(webhookEventCatalogue().map((event) => [event.type, { post: operation(event, dialect) }])),
  };
  return document;
}
