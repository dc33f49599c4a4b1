import { CommandError } from '@jcg/messaging';

const refuse = (status: number, code: string, title: string, detail: string, extensions?: Record<string, unknown>) =>
  new CommandError({ status, code, title, detail, ...(extensions ? { extensions } : {}) });

export const WebhookErrors = {
  endpointNotFound: (endpointId: string) =>
    refuse(
      404,
      'WEBHOOK_ENDPOINT_NOT_FOUND',
      'Webhook endpoint not found',
      `No webhook endpoint has the id ${endpointId}.`,
    ),
  messageNotFound: (messageId: string) =>
    refuse(404, 'WEBHOOK_MESSAGE_NOT_FOUND', 'Webhook message not found', `The endpoint has no message ${messageId}.`),
  urlNotAllowed: (reason: string) => refuse(422, 'WEBHOOK_URL_NOT_ALLOWED', 'Webhook URL not allowed', reason),
  unknownEventTypes: (types: string[]) =>
    refuse(
      422,
      'UNKNOWN_EVENT_TYPE',
      'Unknown event type',
      `No such event type: ${types.join(', ')}. GET /v1/webhooks/event-types lists them.`,
      { unknown: types },
    ),
  endpointDisabled: (endpointId: string) =>
    refuse(
      409,
      'WEBHOOK_ENDPOINT_DISABLED',
      'Webhook endpoint disabled',
      `The endpoint ${endpointId} is disabled: enable it (PATCH enabled: true) before replaying to it.`,
    ),
  inboundNotConfigured: () =>
    refuse(
      401,
      'INBOUND_WEBHOOKS_NOT_CONFIGURED',
      'Inbound webhooks are not configured',
      'No TSB secret is configured (TSB_WEBHOOK_SECRETS), so no inbound event can be verified.',
    ),
  badSignature: (why: string) =>
    refuse(
      401,
      'INVALID_WEBHOOK_SIGNATURE',
      'Invalid webhook signature',
      why === 'stale timestamp'
        ? 'The webhook-timestamp is more than 5 minutes from now (a replayed or delayed request).'
        : why === 'missing headers'
          ? 'Send webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks).'
          : "No webhook-signature matches the body with TSB's secret (sign the exact bytes sent: id.timestamp.body).",
      { reason: why },
    ),
  invalidInbound: (detail: string, extensions?: Record<string, unknown>) =>
    refuse(400, 'INVALID_WEBHOOK_EVENT', 'Invalid webhook event', detail, extensions),
  inboundInProgress: (webhookId: string) =>
    refuse(
      409,
      'WEBHOOK_IN_PROGRESS',
      'Webhook being handled',
      `The webhook-id ${webhookId} is being handed over right now: send it again in a few seconds to learn the outcome.`,
    ),
  webhookIdReused: (webhookId: string) =>
    refuse(
      409,
      'WEBHOOK_ID_REUSED',
      'Webhook id reused',
      `The webhook-id ${webhookId} was taken before with another body: a new event needs a new id.`,
    ),
};
