import type { WebhookEndpoint, WebhookMessage } from '@jcg/contracts';

export interface EndpointRow {
  id: string;
  url: string;
  description: string;
  event_types: string[] | null;
  group_id: string | null;
  contact_email: string;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  failing_since: Date | null;
  replay_until: Date | null;
  replay_requests: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface MessageRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  occurred_at: Date;
  body: string;
  status: 'pending' | 'succeeded' | 'failed';
  replaying: boolean;
  attempts: number;
  sending_until: Date | null;
  deferrals: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function endpointOf(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    groupId: row.group_id,
    contactEmail: row.contact_email,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    disabledAt: iso(row.disabled_at),
    failingSince: iso(row.failing_since),
    previousSecretUntil: iso(row.previous_secret_until),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function messageOf(row: MessageRow): WebhookMessage {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    occurredAt: row.occurred_at.toISOString(),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: iso(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    finishedAt: iso(row.finished_at),
  };
}

/** What an attempt needs of its endpoint: where, and the secrets to sign with. */
export type EndpointTarget = Pick<EndpointRow, 'url' | 'secret' | 'previous_secret' | 'previous_secret_until'>;

/** The secrets a delivery is signed with now: the current one, and the previous one during its overlap. */
export function signingSecrets(row: EndpointTarget, now: Date): string[] {
  return row.previous_secret && row.previous_secret_until && row.previous_secret_until > now
    ? [row.secret, row.previous_secret]
    : [row.secret];
}

export const replayTimerKey = (endpointId: string) => `webhook-replay:${endpointId}`;
