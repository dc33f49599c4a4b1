import { z } from 'zod';
import { dateSchema, documentReferenceSchema, instantSchema, text } from '../common.schema.js';

export const torStatusSchema = z.enum(['draft', 'sent', 'approved', 'declined']);

/** One version of a group's Terms of Reference (R7). */
export const torVersionSchema = z.strictObject({
  groupId: z.uuid(),
  version: z.int().min(1),
  status: torStatusSchema,
  summary: text(1000),
  text: text(50_000),
  objectives: z.array(z.strictObject({ key: z.string(), text: z.string() })),
  proposedBy: z.uuid().nullable(),
  proposedAt: instantSchema,
  sentAt: instantSchema.nullable(),
  decidedOn: dateSchema.nullable(),
  decisionReference: documentReferenceSchema.nullable(),
});
export type TorVersion = z.infer<typeof torVersionSchema>;

/** A decision of the parent body about the group: an extension, or its conclusion (R7). */
export const groupDecisionSchema = z.strictObject({
  groupId: z.uuid(),
  kind: z.enum(['extension', 'conclusion', 'study-groups']),
  decidedOn: dateSchema,
  reference: documentReferenceSchema,
  /** For an extension: until when, if the parent said so. */
  until: dateSchema.nullable(),
  /** The study groups whose input the decision took into account. */
  studyGroupInput: z.array(z.string()),
  recordedAt: instantSchema,
});
export type GroupDecision = z.infer<typeof groupDecisionSchema>;
