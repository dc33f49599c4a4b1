import { z } from 'zod';
import { defineCommand } from '../contract.js';
import { agendaSchema } from './agenda.schema.js';

export const getAgenda = defineCommand({
  kind: 'query',
  name: 'agenda.agendas.get',
  owner: 'agenda',
  description: "A meeting's current agenda (the draft until announced).",
  request: z.strictObject({ groupId: z.uuid(), meetingId: z.uuid() }),
  response: agendaSchema,
});
