import { z } from 'zod';
import { defineCommand, defineEvent } from '../contract.js';
import { groupSchema } from './group.schema.js';

export const registerGroup = defineCommand({
  name: 'membership.groups.register',
  owner: 'membership',
  description: 'Registers a new correspondence group (acronyms are unique).',
  request: groupSchema.omit({ id: true, status: true }).extend({
    concurrenceRequired: z.boolean().default(true),
  }),
  response: groupSchema,
});

export const listGroups = defineCommand({
  kind: 'query',
  name: 'membership.groups.list',
  owner: 'membership',
  description: 'Lists every group, oldest first.',
  request: z.strictObject({}),
  response: z.strictObject({ items: z.array(groupSchema) }),
});

export const getGroup = defineCommand({
  kind: 'query',
  name: 'membership.groups.get',
  owner: 'membership',
  description: 'Reads one group by id.',
  request: z.strictObject({ groupId: z.uuid() }),
  response: groupSchema,
});

export const groupRegistered = defineEvent({
  type: 'group.registered',
  owner: 'membership',
  description: 'A group was registered; services that act per group keep their own copy.',
  data: groupSchema,
  subscribers: ['meetings', 'reporting', 'notifications'],
});
