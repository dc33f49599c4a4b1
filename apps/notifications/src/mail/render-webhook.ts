import type { DeliveryRow, WebhookNoticePayload } from '../deliveries/delivery.js';
import { page, type RenderedMessage } from './render.js';

/** To a webhook endpoint's contact: it was disabled, why, and how to get what it missed. */
export function renderWebhookNotice(delivery: DeliveryRow<WebhookNoticePayload>): RenderedMessage {
  const { endpoint, reason, disabledAt, failingSince } = delivery.payload;
  const lines = [
    `The webhook endpoint ${endpoint.url}${endpoint.description ? ` (${endpoint.description})` : ''} was disabled at ${disabledAt}: ${reason}.`,
    failingSince ? `Every delivery to it has failed since ${failingSince}; each attempt is in its delivery log.` : '',
    '',
    'Nothing is lost: what it should have received is kept as failed messages. Once the receiver works again:',
    `1. enable the endpoint: PATCH /v1/webhooks/endpoints/${endpoint.id} with {"enabled": true};`,
    `2. replay what failed, in order: POST /v1/webhooks/endpoints/${endpoint.id}/replay with {"since": "<an instant before the failures>"}.`,
  ];
  return {
    to: delivery.recipient_email,
    subject: `Webhook endpoint disabled: ${endpoint.url}`,
    text: lines.join('\n'),
    html: page(lines),
    messageId: `<${delivery.id}@notifications.jcg>`,
  };
}
