import { z } from 'zod';
import { instantSchema, text } from '../common.schema.js';

export const agendaItemSchema = z.strictObject({
  title: text(300),
  presenter: text(200).nullable(),
  minutes: z.int().min(1).max(600).nullable(),
  documents: z.array(text(100)).max(50),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const agendaSchema = z.strictObject({
  meetingId: z.uuid(),
  groupId: z.uuid(),
  /** `draft` until announced; then `rev.1`, `rev.2` ... for each revision; `adopted` at the meeting. */
  label: z.string(),
  items: z.array(agendaItemSchema),
  updatedAt: instantSchema,
});
export type Agenda = z.infer<typeof agendaSchema>;
