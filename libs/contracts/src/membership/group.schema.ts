import { z } from 'zod';
import { documentReferenceSchema, emailSchema, text } from '../common.schema.js';

export const studyGroupSchema = z
  .string()
  .regex(/^(SG\d{1,2}|TSAG)$/, 'a study group is written like "SG17" (or "TSAG")');

export const studyGroupsSchema = z
  .array(studyGroupSchema)
  .max(20)
  .refine((sgs) => new Set(sgs).size === sgs.length, 'lists a study group twice');

export const groupStatusSchema = z.enum(['active', 'concluded']);

/** A correspondence group as other services and the API see it. */
export const groupSchema = z.strictObject({
  id: z.uuid(),
  acronym: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/, 'letters, digits and "-", 2 to 40 characters'),
  title: text(300),
  parentBody: studyGroupSchema,
  studyGroups: studyGroupsSchema.min(1),
  mailingList: emailSchema,
  status: groupStatusSchema,
  /** R4: how long before the start a meeting must be announced, in days of 24 h. */
  announcementLeadDays: z.int().min(1).max(90),
  /** R3: whether every other co-convenor must concur before a meeting is announced. */
  concurrenceRequired: z.boolean(),
  /** The number of the ToR version in force (R7). */
  currentTorVersion: z.int().min(1),
});
export type Group = z.infer<typeof groupSchema>;

/** The ToR of a group as it is first registered (becomes version 1, approved). */
export const initialTorSchema = z.strictObject({
  text: text(50_000),
  objectives: z
    .array(z.strictObject({ key: z.string().regex(/^[a-z]$/, 'a single letter, a to z'), text: text(1000) }))
    .min(1)
    .max(26),
  reference: documentReferenceSchema,
  approvedOn: z.iso.date(),
});
export type InitialTor = z.infer<typeof initialTorSchema>;
