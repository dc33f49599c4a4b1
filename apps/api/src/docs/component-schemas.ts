import { z } from 'zod';
import {
  agendaItemSchema,
  agendaSchema,
  apiKeyOwnerSchema,
  apiKeySchema,
  bodyMeetingSchema,
  convenorAppointmentSchema,
  deliverySummarySchema,
  demarcationSchema,
  groupDecisionSchema,
  groupSchema,
  inboundEventTypeSchema,
  joinDetailsSchema,
  lateObligations,
  meetingRecordSchema,
  meetingSchema,
  narrativeRevisionSchema,
  obligationSchema,
  organizationSchema,
  overlapMatrixSchema,
  participantRoleSchema,
  participantSchema,
  participantStatusSchema,
  principalSchema,
  reportDocumentSchema,
  reportSchema,
  reportSummarySchema,
  rosterEntrySchema,
  slotSuggestionSchema,
  topicSchema,
  torVersionSchema,
  webhookAttemptSchema,
  webhookEndpointSchema,
  webhookEventTypeSchema,
  webhookMessageSchema,
  workItemChangeSchema,
  workItemSchema,
  workItemValuesSchema,
} from '@jcg/contracts';

/**
 * The contract shapes the OpenAPI document names, once each, under `components.schemas`: an
 * answer that holds one refers to it with a `$ref` (its output view: what the API sends). Never
 * rename one: the console's generated client (and anyone else's) types its code with these names.
 * Request bodies stay inline: they are the input view, where defaults make fields optional.
 */
export const COMPONENT_SCHEMAS = {
  ApiKey: apiKeySchema,
  ApiKeyOwner: apiKeyOwnerSchema,
  Principal: principalSchema,
  Group: groupSchema,
  GroupDecision: groupDecisionSchema,
  TorVersion: torVersionSchema,
  Organization: organizationSchema,
  Participant: participantSchema,
  ParticipantRole: participantRoleSchema,
  ParticipantStatus: participantStatusSchema,
  RosterEntry: rosterEntrySchema,
  ConvenorAppointment: convenorAppointmentSchema,
  Meeting: meetingSchema,
  JoinDetails: joinDetailsSchema,
  MeetingRecord: meetingRecordSchema,
  SlotSuggestion: slotSuggestionSchema,
  Agenda: agendaSchema,
  AgendaItem: agendaItemSchema,
  DeliverySummary: deliverySummarySchema,
  BodyMeeting: bodyMeetingSchema,
  Obligation: obligationSchema,
  LateObligation: lateObligations.response.shape.items.element,
  Report: reportSchema,
  ReportSummary: reportSummarySchema,
  ReportDocument: reportDocumentSchema,
  NarrativeRevision: narrativeRevisionSchema,
  Topic: topicSchema,
  WorkItem: workItemSchema,
  WorkItemValues: workItemValuesSchema,
  WorkItemChange: workItemChangeSchema,
  Demarcation: demarcationSchema,
  OverlapMatrix: overlapMatrixSchema,
  WebhookEndpoint: webhookEndpointSchema,
  WebhookMessage: webhookMessageSchema,
  WebhookAttempt: webhookAttemptSchema,
  WebhookEventType: webhookEventTypeSchema,
  InboundEventType: inboundEventTypeSchema,
} satisfies Record<string, z.ZodType>;

/** An RFC 9457 problem document, as the problem filter (libs/platform) writes it: not a zod contract. */
const PROBLEM = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  additionalProperties: true,
  description:
    'RFC 9457. Some problems add members: `issues` (400), `qualifyingStudyGroups`, `supportedTools`, `announcementDeadline` (422).',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Stable, for programs: never renamed' },
    correlationId: { type: 'string', description: 'Quote it when reporting a problem' },
  },
};

export type ComponentName = keyof typeof COMPONENT_SCHEMAS | 'Problem';

const COMPONENTS_PATH = '#/components/schemas/';

/** A reference to a named component schema. */
export function componentRef(name: ComponentName): { $ref: string } {
  return { $ref: `${COMPONENTS_PATH}${name}` };
}

/**
 * zod's metadata of a schema (its global registry: descriptions and such), plus, for a named
 * one, its component name as `id`: `z.toJSONSchema` then puts it under `$defs` and refers to it.
 */
class ComponentIds extends z.core.$ZodRegistry<z.core.GlobalMeta> {
  override get<S extends z.core.$ZodType>(schema: S): z.core.$replace<z.core.GlobalMeta, S> | undefined {
    const meta = z.globalRegistry.get(schema);
    const id = this._map.get(schema)?.id;
    return id === undefined ? meta : { ...meta, id };
  }
}

export const componentIds = new ComponentIds();
for (const [name, schema] of Object.entries(COMPONENT_SCHEMAS)) componentIds.add(schema, { id: name });

/** Where a `$ref` written against `$defs` (of one schema converted alone) points in the document. */
export function componentPath(defsRef: string): string {
  const name = defsRef.replace(/^#\/\$defs\//, '');
  if (name === defsRef || !Object.hasOwn(COMPONENT_SCHEMAS, name)) {
    throw new Error(`The OpenAPI document has no component for "${defsRef}": name it in component-schemas.ts`);
  }
  return `${COMPONENTS_PATH}${name}`;
}

/** The bodies of `components.schemas`, by name: JSON Schema 2020-12 (what OpenAPI 3.1 takes). */
export function componentSchemas(): Record<string, Record<string, unknown>> {
  const { schemas } = z.toJSONSchema(componentIds, {
    target: 'draft-2020-12',
    io: 'output',
    uri: (id) => `${COMPONENTS_PATH}${id}`,
  });
  const shared = Object.keys(schemas).filter((name) => !Object.hasOwn(COMPONENT_SCHEMAS, name));
  if (shared.length > 0) throw new Error(`Unnamed schemas shared by components (a cycle?): ${shared.join(', ')}`);
  const bodies = Object.entries(schemas).map(([name, schema]) => {
    const { $schema: _schema, $id: _id, ...body } = schema as Record<string, unknown>;
    return [name, body] as const;
  });
  return { ...Object.fromEntries(bodies), Problem: PROBLEM };
}
