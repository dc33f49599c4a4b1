import { z } from 'zod';
import {
  dateSchema,
  documentReferenceSchema,
  emailSchema,
  instantSchema,
  text,
  timeZoneSchema,
} from '../common.schema.js';
import { studyGroupSchema } from './group.schema.js';

export const participantRoleSchema = z.enum(['participant', 'co-convenor', 'observer']);
export const participantStatusSchema = z.enum(['active', 'suspended', 'left']);

/** A person registered in a group through an organization. */
export const participantSchema = z.strictObject({
  id: z.uuid(),
  groupId: z.uuid(),
  organizationId: z.uuid(),
  name: text(200),
  email: emailSchema,
  timeZone: timeZoneSchema,
  role: participantRoleSchema,
  status: participantStatusSchema,
  joinedAt: instantSchema,
  leftAt: instantSchema.nullable(),
});
export type Participant = z.infer<typeof participantSchema>;

/** The appointment of a co-convenor by a study group (R2); `endedOn` is set when replaced. */
export const convenorAppointmentSchema = z.strictObject({
  id: z.uuid(),
  groupId: z.uuid(),
  studyGroup: studyGroupSchema,
  participantId: z.uuid(),
  participantName: z.string(),
  appointedOn: dateSchema,
  reference: documentReferenceSchema,
  endedOn: dateSchema.nullable(),
  replacedBy: z.uuid().nullable(),
});
export type ConvenorAppointment = z.infer<typeof convenorAppointmentSchema>;

/** One line of the mailing-list roster, for the list administrator. */
export const rosterEntrySchema = z.strictObject({
  name: z.string(),
  email: z.string(),
  organization: z.string(),
  role: participantRoleSchema,
  timeZone: z.string(),
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;
