import { z } from 'zod';
import { dateSchema } from '../common.schema.js';
import { defineCommand } from '../contract.js';
import {
  actorSchema,
  demarcationInputSchema,
  demarcationSchema,
  overlapMatrixSchema,
  topicInputSchema,
  topicKeySchema,
  topicSchema,
  workItemChangeSchema,
  workItemInputSchema,
  workItemSchema,
} from './register.schema.js';

const groupRef = { groupId: z.uuid() };
const actor = { actor: actorSchema };

export const putTopic = defineCommand({
  name: 'reporting.topics.put',
  owner: 'reporting',
  description: "Adds a topic to the group's vocabulary, or renames it.",
  request: z.strictObject({ ...groupRef, ...actor, key: topicKeySchema, topic: topicInputSchema }),
  response: topicSchema,
});

export const listTopics = defineCommand({
  kind: 'query',
  name: 'reporting.topics.list',
  owner: 'reporting',
  description: "The group's topic vocabulary, by key.",
  request: z.strictObject(groupRef),
  response: z.strictObject({ items: z.array(topicSchema) }),
});

export const createWorkItem = defineCommand({
  name: 'reporting.work-items.create',
  owner: 'reporting',
  description: 'Adds a work item of a participating study group to the register (its topics must be known).',
  request: z.strictObject({ ...groupRef, ...actor, item: workItemInputSchema }),
  response: workItemSchema,
});

export const updateWorkItem = defineCommand({
  name: 'reporting.work-items.update',
  owner: 'reporting',
  description: 'Replaces the values of a work item; the change is kept in its history.',
  request: z.strictObject({ ...groupRef, ...actor, workItemId: z.uuid(), item: workItemInputSchema }),
  response: workItemSchema,
});

export const removeWorkItem = defineCommand({
  name: 'reporting.work-items.remove',
  owner: 'reporting',
  description: 'Takes a work item out of the register (entered by mistake); its history stays.',
  request: z.strictObject({ ...groupRef, ...actor, workItemId: z.uuid() }),
  response: workItemSchema,
});

export const importWorkItems = defineCommand({
  name: 'reporting.work-items.import',
  owner: 'reporting',
  description:
    'Adds or updates work items by identifier, all or none (a CSV import): each change is kept in the history.',
  request: z.strictObject({ ...groupRef, ...actor, items: z.array(workItemInputSchema).min(1).max(2000) }),
  response: z.strictObject({ added: z.int(), changed: z.int(), unchanged: z.int() }),
});

export const listWorkItems = defineCommand({
  kind: 'query',
  name: 'reporting.work-items.list',
  owner: 'reporting',
  description: "The group's register, by study group and identifier: now, or as it stood at the end of a date.",
  request: z.strictObject({ ...groupRef, asOf: dateSchema.optional() }),
  response: z.strictObject({ asOf: dateSchema.nullable(), items: z.array(workItemSchema) }),
});

export const workItemHistory = defineCommand({
  kind: 'query',
  name: 'reporting.work-items.history',
  owner: 'reporting',
  description: 'Every change of the register (or of one work item), oldest first: who, when, what.',
  request: z.strictObject({ ...groupRef, workItemId: z.uuid().optional() }),
  response: z.strictObject({ items: z.array(workItemChangeSchema) }),
});

export const overlapMatrix = defineCommand({
  kind: 'query',
  name: 'reporting.matrix.get',
  owner: 'reporting',
  description:
    'Topics × study groups: the work items of each SG per topic, overlaps (two SGs or more) and gaps (none), with the demarcation line.',
  request: z.strictObject({ ...groupRef, asOf: dateSchema.optional() }),
  response: overlapMatrixSchema,
});

export const putDemarcation = defineCommand({
  name: 'reporting.demarcation.put',
  owner: 'reporting',
  description: 'Records the proposed lead study group of a topic and the rationale (a new revision).',
  request: z.strictObject({ ...groupRef, ...actor, topicKey: topicKeySchema, line: demarcationInputSchema }),
  response: demarcationSchema,
});

export const demarcationHistory = defineCommand({
  kind: 'query',
  name: 'reporting.demarcation.history',
  owner: 'reporting',
  description: "Every revision of a topic's demarcation line, oldest first.",
  request: z.strictObject({ ...groupRef, topicKey: topicKeySchema }),
  response: z.strictObject({ items: z.array(demarcationSchema) }),
});
