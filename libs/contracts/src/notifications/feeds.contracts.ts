import { z } from 'zod';
import { defineCommand } from '../contract.js';
import { secretHashSchema } from '../membership/api-key.schema.js';

const calendar = z.strictObject({ calendar: z.string() });

export const groupFeed = defineCommand({
  kind: 'query',
  name: 'notifications.feeds.group',
  owner: 'notifications',
  description: "The group's announced meetings as an iCalendar feed (cancelled ones marked STATUS:CANCELLED).",
  request: z.strictObject({ groupId: z.uuid() }),
  response: calendar,
});

export const participantFeed = defineCommand({
  kind: 'query',
  name: 'notifications.feeds.participant',
  owner: 'notifications',
  description:
    "A participant's feed, found by the hash of its secret token: their group's announced meetings while they are active.",
  request: z.strictObject({ tokenHash: secretHashSchema }),
  response: calendar,
});

export const issueFeedToken = defineCommand({
  name: 'notifications.feeds.issue-token',
  owner: 'notifications',
  description: "Stores the hash of a participant's new feed token; the previous token stops working.",
  request: z.strictObject({ groupId: z.uuid(), participantId: z.uuid(), tokenHash: secretHashSchema }),
  response: z.strictObject({ participantId: z.uuid() }),
});
