import { z } from 'zod';
import { defineCommand, defineEvent } from '../contract.js';
import { meetingSchema } from '../meetings/meeting.schema.js';
import { agendaItemSchema, agendaSchema } from './agenda.schema.js';

export const getAgenda = defineCommand({
  kind: 'query',
  name: 'agenda.agendas.get',
  owner: 'agenda',
  description: "A meeting's current agenda (the draft until announced).",
  request: z.strictObject({ groupId: z.uuid(), meetingId: z.uuid() }),
  response: agendaSchema,
});

export const ensureDraftAgenda = defineCommand({
  name: 'agenda.agendas.ensure-draft',
  owner: 'agenda',
  description:
    "The meeting's agenda, made from the standard template first if it has none yet (meetings asks it when a meeting is proposed and announced, so neither waits for the event).",
  request: z.strictObject({ groupId: z.uuid(), meetingId: z.uuid(), meeting: meetingSchema }),
  response: agendaSchema,
});

export const agendaItemsSchema = z.strictObject({ items: z.array(agendaItemSchema).min(1).max(100) });

export const setAgendaItems = defineCommand({
  name: 'agenda.agendas.set-items',
  owner: 'agenda',
  description:
    'Replaces the items of the agenda. After the announcement it is a numbered revision (rev.1, rev.2 ...), allowed until the start (R4).',
  request: agendaItemsSchema.extend({ groupId: z.uuid(), meetingId: z.uuid() }),
  response: agendaSchema,
});

export const adoptAgenda = defineCommand({
  name: 'agenda.agendas.adopt',
  owner: 'agenda',
  description: 'The meeting adopts its agenda: no revision after that.',
  request: z.strictObject({ groupId: z.uuid(), meetingId: z.uuid() }),
  response: agendaSchema,
});

export const agendaRevised = defineEvent({
  type: 'agenda.revised',
  owner: 'agenda',
  description: 'The agenda of an announced meeting was revised: the list gets the "revised draft agenda".',
  data: z.strictObject({ agenda: agendaSchema, meetingTitle: z.string(), startsAt: z.string() }),
  subscribers: ['notifications'],
});
