import { z } from 'zod';
import { dateSchema, instantSchema, text } from '../common.schema.js';
import { studyGroupSchema } from '../membership/group.schema.js';
import { workItemIdentifierProblem } from './work-item-identifier.js';

export const workItemKindSchema = z.enum(['question', 'recommendation', 'draft']);
export const workItemStatusSchema = z.enum(['under-study', 'consented', 'approved', 'in-force', 'withdrawn']);

/** A topic of the group's vocabulary, by key (e.g. `device-identity`). */
export const topicKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lower-case letters, digits and "-", e.g. "device-identity"');

export const topicInputSchema = z.strictObject({ name: text(120), description: text(1000).nullable().default(null) });
export const topicSchema = z.strictObject({
  key: topicKeySchema,
  name: z.string(),
  description: z.string().nullable(),
});
export type Topic = z.infer<typeof topicSchema>;

const workItemFields = {
  kind: workItemKindSchema,
  /** As ITU writes it: `Q6/17`, `X.1361`, `Y.4806`, `X.iotsec-4`. */
  identifier: z.string().trim().min(1).max(60),
  title: text(500),
  studyGroup: studyGroupSchema,
  status: workItemStatusSchema,
  /** Since when it has that status. */
  statusDate: dateSchema,
  link: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(1000)
    .nullable()
    .default(null),
  topics: z
    .array(topicKeySchema)
    .max(20)
    .refine((t) => new Set(t).size === t.length, 'lists a topic twice')
    .default([]),
};

/** A work item as a co-convenor or TSB writes it; the identifier must match its kind (and a Question its SG). */
export const workItemInputSchema = z.strictObject(workItemFields).superRefine((item, ctx) => {
  const problem = workItemIdentifierProblem(item.kind, item.identifier, item.studyGroup);
  if (problem) ctx.addIssue({ code: 'custom', path: ['identifier'], message: problem });
});
export type WorkItemInput = z.output<typeof workItemInputSchema>;

/** The values of a work item at one moment (what its history keeps). */
export const workItemValuesSchema = z.strictObject({
  kind: workItemKindSchema,
  identifier: z.string(),
  title: z.string(),
  studyGroup: studyGroupSchema,
  status: workItemStatusSchema,
  statusDate: dateSchema,
  link: z.string().nullable(),
  topics: z.array(topicKeySchema),
});
export type WorkItemValues = z.infer<typeof workItemValuesSchema>;

export const workItemSchema = workItemValuesSchema.extend({
  id: z.uuid(),
  groupId: z.uuid(),
  /** Raised with every change. */
  version: z.int().min(1),
  updatedAt: instantSchema,
});
export type WorkItem = z.infer<typeof workItemSchema>;

/** Who changed something: `participant:<id>`, `tsb` or `admin`. */
export const actorSchema = z.string().regex(/^(participant:[0-9a-f-]{36}|tsb|admin)$/);

/** One change of the register: who, when, what (the values before and after). */
export const workItemChangeSchema = z.strictObject({
  id: z.uuid(),
  workItemId: z.uuid(),
  identifier: z.string(),
  at: instantSchema,
  actor: actorSchema,
  change: z.enum(['added', 'changed', 'removed']),
  before: workItemValuesSchema.nullable(),
  after: workItemValuesSchema.nullable(),
});
export type WorkItemChange = z.infer<typeof workItemChangeSchema>;

/** The proposed lead study group of a topic, and why (the demarcation line). */
export const demarcationInputSchema = z.strictObject({
  leadStudyGroup: studyGroupSchema.nullable(),
  rationale: text(5000),
});

export const demarcationSchema = z.strictObject({
  topic: z.strictObject({ key: topicKeySchema, name: z.string() }),
  leadStudyGroup: studyGroupSchema.nullable(),
  rationale: z.string(),
  revision: z.int().min(1),
  decidedAt: instantSchema,
  decidedBy: actorSchema,
});
export type Demarcation = z.infer<typeof demarcationSchema>;

/** Topics × study groups: which work items each SG has per topic. */
export const overlapMatrixSchema = z.strictObject({
  /** The date the register was read as of (its end, Geneva time), or null for now. */
  asOf: dateSchema.nullable(),
  studyGroups: z.array(studyGroupSchema),
  rows: z.array(
    z.strictObject({
      topic: z.strictObject({ key: topicKeySchema, name: z.string() }),
      /** Study group → identifiers of its work items on the topic (withdrawn ones left out). */
      items: z.record(z.string(), z.array(z.string())),
      /** Items in two or more study groups. */
      overlap: z.boolean(),
      /** No item in any study group. */
      gap: z.boolean(),
      demarcation: demarcationSchema.nullable(),
    }),
  ),
});
export type OverlapMatrix = z.infer<typeof overlapMatrixSchema>;
