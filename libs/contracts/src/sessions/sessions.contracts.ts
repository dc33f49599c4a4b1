import { z } from 'zod';
import { emailSchema } from '../common.schema.js';
import { defineCommand } from '../contract.js';
import { principalSchema, secretHashSchema } from '../membership/api-key.schema.js';

/**
 * Sign-in by e-mail link, for people (machines keep API keys). notifications, which mails, keeps
 * the one-time links (only a hash of each); membership, which knows who may do what, keeps the
 * sessions (only a hash of each secret). The secrets themselves live in the mail and in the
 * browser's cookie, never in a queue.
 */
export const requestSignInLink = defineCommand({
  name: 'notifications.sign-in.request',
  owner: 'notifications',
  description:
    'Mails a one-time sign-in link (15 minutes) to the address when it is an active participant’s; answers the same whether it is or not.',
  request: z.strictObject({ email: emailSchema }),
  response: z.strictObject({ accepted: z.literal(true) }),
});

export const redeemSignInLink = defineCommand({
  name: 'notifications.sign-in.redeem',
  owner: 'notifications',
  description: 'Uses a sign-in link (once, within 15 minutes): says whose it was, or refuses it (401).',
  request: z.strictObject({ tokenHash: secretHashSchema }),
  response: z.strictObject({ participantId: z.uuid(), linkCreatedAt: z.iso.datetime({ offset: true }) }),
});

export const openSession = defineCommand({
  name: 'membership.sessions.open',
  owner: 'membership',
  description:
    'Opens a session for an active participant, under the id and secret hash the API made; answers whom it speaks for.',
  request: z.strictObject({
    sessionId: z.uuid(),
    secretHash: secretHashSchema,
    participantId: z.uuid(),
    expiresAt: z.iso.datetime({ offset: true }),
    /** When the link used was mailed: one mailed before the participant's sessions were ended opens none. */
    linkCreatedAt: z.iso.datetime({ offset: true }),
  }),
  response: principalSchema,
});

export const authenticateSession = defineCommand({
  kind: 'query',
  name: 'membership.sessions.authenticate',
  owner: 'membership',
  description:
    'Says whom a session speaks for, or refuses it (401: unknown, expired, revoked, or its participant left).',
  request: z.strictObject({ sessionId: z.uuid(), secretHash: secretHashSchema }),
  response: z.strictObject({ principal: principalSchema, expiresAt: z.iso.datetime({ offset: true }) }),
});

export const revokeSessions = defineCommand({
  name: 'membership.sessions.revoke',
  owner: 'membership',
  description: 'Ends a session, or every session of a participant, at once.',
  request: z.union([z.strictObject({ sessionId: z.uuid() }), z.strictObject({ participantId: z.uuid() })]),
  response: z.strictObject({ revoked: z.int().min(0) }),
});
