import { z } from 'zod';

export const studyGroupSchema = z
  .string()
  .regex(/^(SG\d{1,2}|TSAG)$/, 'a study group is written like "SG17" (or "TSAG")');

export const groupStatusSchema = z.enum(['active', 'concluded']);

/** A correspondence group as other services and the API see it. */
export const groupSchema = z.strictObject({
  id: z.uuid(),
  acronym: z.string().min(2).max(40),
  title: z.string().min(3).max(300),
  parentBody: studyGroupSchema,
  studyGroups: z.array(studyGroupSchema).min(1).max(20),
  mailingList: z.email().max(254),
  status: groupStatusSchema,
  /** R4: how long before the start a meeting must be announced, in days of 24 h. */
  announcementLeadDays: z.int().min(1).max(90),
  /** R3: whether every other co-convenor must concur before a meeting is announced. */
  concurrenceRequired: z.boolean(),
});
export type Group = z.infer<typeof groupSchema>;
