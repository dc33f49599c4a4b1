import { z } from 'zod';
import {
  dateSchema,
  documentReferenceSchema,
  emailSchema,
  pageOf,
  pageRequestSchema,
  text,
  timeZoneSchema,
} from '../common.schema.js';
import { defineCommand, defineEvent } from '../contract.js';
import { apiKeyOwnerSchema, apiKeySchema, principalSchema, secretHashSchema } from './api-key.schema.js';
import { groupSchema, initialTorSchema, studyGroupSchema, studyGroupsSchema } from './group.schema.js';
import { organizationCategorySchema, organizationSchema } from './organization.schema.js';
import {
  convenorAppointmentSchema,
  participantRoleSchema,
  participantSchema,
  participantStatusSchema,
  rosterEntrySchema,
} from './participant.schema.js';
import { groupDecisionSchema, torVersionSchema } from './tor.schema.js';

const groupRef = { groupId: z.uuid() };

// ---- groups (admin) -------------------------------------------------------------------------

export const registerGroupRequestSchema = groupSchema
  .omit({ id: true, status: true, currentTorVersion: true })
  .extend({ concurrenceRequired: z.boolean().default(true), tor: initialTorSchema });

export const registerGroup = defineCommand({
  name: 'membership.groups.register',
  owner: 'membership',
  description: 'Registers a new correspondence group with its first ToR (acronyms are unique).',
  request: registerGroupRequestSchema,
  response: groupSchema,
});

export const listGroups = defineCommand({
  kind: 'query',
  name: 'membership.groups.list',
  owner: 'membership',
  description: 'Lists every group, oldest first.',
  request: z.strictObject({}),
  response: z.strictObject({ items: z.array(groupSchema) }),
});

export const getGroup = defineCommand({
  kind: 'query',
  name: 'membership.groups.get',
  owner: 'membership',
  description: 'Reads one group by id.',
  request: z.strictObject(groupRef),
  response: groupSchema,
});

// ---- ToR and lifecycle (R7) ------------------------------------------------------------------

export const listTorVersions = defineCommand({
  kind: 'query',
  name: 'membership.tor.list',
  owner: 'membership',
  description: 'Every ToR version of a group, oldest first, drafts and declined ones included.',
  request: z.strictObject(groupRef),
  response: z.strictObject({ items: z.array(torVersionSchema) }),
});

export const getTorVersion = defineCommand({
  kind: 'query',
  name: 'membership.tor.get',
  owner: 'membership',
  description: 'One ToR version of a group.',
  request: z.strictObject({ ...groupRef, version: z.int().min(1) }),
  response: torVersionSchema,
});

export const torProposalSchema = z.strictObject({
  summary: text(1000),
  text: text(50_000),
  objectives: z
    .array(z.strictObject({ key: z.string().regex(/^[a-z]$/), text: text(1000) }))
    .min(1)
    .max(26),
});

export const proposeTorRevision = defineCommand({
  name: 'membership.tor.propose',
  owner: 'membership',
  description: 'A co-convenor proposes a ToR revision: a new draft version.',
  request: torProposalSchema.extend({ ...groupRef, proposedBy: z.uuid().nullable() }),
  response: torVersionSchema,
});

export const sendTorRevision = defineCommand({
  name: 'membership.tor.send',
  owner: 'membership',
  description: 'Sends a draft ToR revision to the parent body.',
  request: z.strictObject({ ...groupRef, version: z.int().min(1) }),
  response: torVersionSchema,
});

export const torDecisionSchema = z.strictObject({
  decision: z.enum(['approved', 'declined']),
  decidedOn: dateSchema,
  reference: documentReferenceSchema,
});

export const decideTorRevision = defineCommand({
  name: 'membership.tor.decide',
  owner: 'membership',
  description: "Records the parent body's decision on a ToR revision sent to it.",
  request: torDecisionSchema.extend({ ...groupRef, version: z.int().min(1) }),
  response: torVersionSchema,
});

export const extensionSchema = z.strictObject({
  decidedOn: dateSchema,
  reference: documentReferenceSchema,
  until: dateSchema.nullable().default(null),
  studyGroupInput: z.array(studyGroupSchema).max(20).default([]),
});

export const extendGroup = defineCommand({
  name: 'membership.groups.extend',
  owner: 'membership',
  description: "Records the parent's decision to extend the group.",
  request: extensionSchema.extend(groupRef),
  response: groupDecisionSchema,
});

export const conclusionSchema = z.strictObject({ decidedOn: dateSchema, reference: documentReferenceSchema });

export const concludeGroup = defineCommand({
  name: 'membership.groups.conclude',
  owner: 'membership',
  description: "Records the parent's agreement that concludes the group: no new meetings from then on.",
  request: conclusionSchema.extend(groupRef),
  response: groupDecisionSchema,
});

export const studyGroupsChangeSchema = z.strictObject({
  studyGroups: studyGroupsSchema.min(1),
  decidedOn: dateSchema,
  reference: documentReferenceSchema,
});

export const setGroupStudyGroups = defineCommand({
  name: 'membership.groups.set-study-groups',
  owner: 'membership',
  description:
    "Records the parent's decision on which study groups take part in the group: organizations that no longer qualify have their participants suspended (R1), a removed study group's co-convenor appointment ends (R2), reporting follows (R6).",
  request: studyGroupsChangeSchema.extend(groupRef),
  response: groupSchema,
});

export const listGroupDecisions = defineCommand({
  kind: 'query',
  name: 'membership.groups.decisions',
  owner: 'membership',
  description: "The parent's recorded decisions about a group (extensions, conclusion).",
  request: z.strictObject(groupRef),
  response: z.strictObject({ items: z.array(groupDecisionSchema) }),
});

// ---- organizations (R1) ------------------------------------------------------------------------

export const organizationInputSchema = z.strictObject({
  name: text(200),
  category: organizationCategorySchema,
  studyGroups: studyGroupsSchema,
});

export const registerOrganization = defineCommand({
  name: 'membership.organizations.register',
  owner: 'membership',
  description: 'Registers an ITU-T member organization with the study groups it participates in.',
  request: organizationInputSchema,
  response: organizationSchema,
});

export const listOrganizations = defineCommand({
  kind: 'query',
  name: 'membership.organizations.list',
  owner: 'membership',
  description: 'Organizations by name.',
  request: pageRequestSchema,
  response: pageOf(organizationSchema),
});

export const getOrganization = defineCommand({
  kind: 'query',
  name: 'membership.organizations.get',
  owner: 'membership',
  description: 'One organization.',
  request: z.strictObject({ organizationId: z.uuid() }),
  response: organizationSchema,
});

export const participationSchema = z.strictObject({ studyGroups: studyGroupsSchema });

export const setParticipation = defineCommand({
  name: 'membership.organizations.set-participation',
  owner: 'membership',
  description:
    "Sets the study groups an organization participates in (TSB's word); suspends or restores its participants (R1).",
  request: participationSchema.extend({ organizationId: z.uuid() }),
  response: organizationSchema,
});

export const admitOrganization = defineCommand({
  name: 'membership.groups.admit-organization',
  owner: 'membership',
  description: "Admits an organization to a group; it must participate in one of the group's study groups (R1).",
  request: z.strictObject({ ...groupRef, organizationId: z.uuid() }),
  response: z.strictObject({ groupId: z.uuid(), organizationId: z.uuid(), admittedAt: z.string() }),
});

// ---- participants ------------------------------------------------------------------------------

export const participantInputSchema = z.strictObject({
  organizationId: z.uuid(),
  name: text(200),
  email: emailSchema,
  timeZone: timeZoneSchema,
  role: participantRoleSchema.exclude(['co-convenor']).default('participant'),
});

export const registerParticipant = defineCommand({
  name: 'membership.participants.register',
  owner: 'membership',
  description: 'Registers a person in a group through an admitted, eligible organization.',
  request: participantInputSchema.extend(groupRef),
  response: participantSchema,
});

export const participantChangeSchema = z
  .strictObject({
    name: text(200),
    email: emailSchema,
    timeZone: timeZoneSchema,
    role: participantRoleSchema.exclude(['co-convenor']),
  })
  .partial()
  .refine(
    (change) => Object.keys(change).length > 0,
    'changes nothing: give at least one of name, email, timeZone, role',
  );

export const updateParticipant = defineCommand({
  name: 'membership.participants.update',
  owner: 'membership',
  description: "Changes a participant's name, e-mail, time zone or role (participant/observer).",
  request: z.strictObject({ ...groupRef, participantId: z.uuid(), change: participantChangeSchema }),
  response: participantSchema,
});

export const leaveGroup = defineCommand({
  name: 'membership.participants.leave',
  owner: 'membership',
  description: 'A participant leaves the group; the record and its history stay, its API keys are revoked.',
  request: z.strictObject({ ...groupRef, participantId: z.uuid() }),
  response: participantSchema,
});

export const listParticipants = defineCommand({
  kind: 'query',
  name: 'membership.participants.list',
  owner: 'membership',
  description: 'Participants of a group, oldest first, filtered by status, organization and role.',
  request: pageRequestSchema.extend({
    ...groupRef,
    status: participantStatusSchema.optional(),
    organizationId: z.uuid().optional(),
    role: participantRoleSchema.optional(),
  }),
  response: pageOf(participantSchema),
});

export const getParticipant = defineCommand({
  kind: 'query',
  name: 'membership.participants.get',
  owner: 'membership',
  description: 'One participant of a group.',
  request: z.strictObject({ ...groupRef, participantId: z.uuid() }),
  response: participantSchema,
});

export const getRoster = defineCommand({
  kind: 'query',
  name: 'membership.roster.get',
  owner: 'membership',
  description: "The mailing list's roster: every active participant of a group, by name.",
  request: z.strictObject(groupRef),
  response: z.strictObject({ group: z.string(), mailingList: z.string(), items: z.array(rosterEntrySchema) }),
});

// ---- co-convenors (R2) ---------------------------------------------------------------------------

export const appointmentInputSchema = z.strictObject({
  studyGroup: studyGroupSchema,
  participantId: z.uuid(),
  appointedOn: dateSchema,
  reference: documentReferenceSchema,
});

export const appointConvenor = defineCommand({
  name: 'membership.convenors.appoint',
  owner: 'membership',
  description:
    'Records the appointment of a co-convenor by a participating study group; it replaces the previous holder.',
  request: appointmentInputSchema.extend(groupRef),
  response: convenorAppointmentSchema,
});

export const convenorHistory = defineCommand({
  kind: 'query',
  name: 'membership.convenors.history',
  owner: 'membership',
  description: 'Every co-convenor appointment of a group, the current ones with no end date.',
  request: z.strictObject(groupRef),
  response: z.strictObject({ items: z.array(convenorAppointmentSchema) }),
});

// ---- API keys ------------------------------------------------------------------------------------

export const createApiKey = defineCommand({
  name: 'membership.api-keys.create',
  owner: 'membership',
  description: 'Stores a new API key: its id and the hash of its secret (the API made the key and shows it once).',
  request: z.strictObject({ id: z.uuid(), secretHash: secretHashSchema, label: text(100), owner: apiKeyOwnerSchema }),
  response: apiKeySchema,
});

export const listApiKeys = defineCommand({
  kind: 'query',
  name: 'membership.api-keys.list',
  owner: 'membership',
  description: 'Every API key, newest first, without secrets.',
  request: z.strictObject({}),
  response: z.strictObject({ items: z.array(apiKeySchema) }),
});

export const getApiKey = defineCommand({
  kind: 'query',
  name: 'membership.api-keys.get',
  owner: 'membership',
  description: 'One API key, without its secret.',
  request: z.strictObject({ keyId: z.uuid() }),
  response: apiKeySchema,
});

export const revokeApiKey = defineCommand({
  name: 'membership.api-keys.revoke',
  owner: 'membership',
  description: 'Revokes an API key at once.',
  request: z.strictObject({ keyId: z.uuid() }),
  response: apiKeySchema,
});

export const authenticate = defineCommand({
  kind: 'query',
  name: 'membership.api-keys.authenticate',
  owner: 'membership',
  description: 'Says whom a key speaks for, or refuses it (401); records when it was last used.',
  request: z.strictObject({ keyId: z.uuid(), secretHash: secretHashSchema }),
  response: principalSchema,
});

// ---- events --------------------------------------------------------------------------------------

export const groupRegistered = defineEvent({
  type: 'group.registered',
  owner: 'membership',
  description: 'A group was registered; services that act per group keep their own copy.',
  data: groupSchema,
  subscribers: ['reporting', 'notifications'],
});

export const groupTorRevised = defineEvent({
  type: 'group.tor-revised',
  owner: 'membership',
  description: 'The parent approved a ToR revision: it is the current version from now on.',
  data: z.strictObject({ groupId: z.uuid(), version: z.int(), decidedOn: dateSchema, reference: z.string() }),
  subscribers: [],
});

export const groupExtended = defineEvent({
  type: 'group.extended',
  owner: 'membership',
  description: 'The parent extended the group.',
  data: groupDecisionSchema,
  subscribers: [],
});

export const groupConcluded = defineEvent({
  type: 'group.concluded',
  owner: 'membership',
  description: 'The parent concluded the group: no new meetings; history kept.',
  data: groupDecisionSchema,
  subscribers: ['reporting', 'notifications'],
});

export const groupStudyGroupsChanged = defineEvent({
  type: 'group.study-groups-changed',
  owner: 'membership',
  description: 'The study groups taking part in the group changed; services that act per group update their copy.',
  data: z.strictObject({ group: groupSchema, previousStudyGroups: z.array(studyGroupSchema) }),
  subscribers: ['reporting', 'notifications'],
});

export const organizationParticipationChanged = defineEvent({
  type: 'organization.participation-changed',
  owner: 'membership',
  description: 'TSB changed the study groups an organization participates in.',
  data: z.strictObject({ organization: organizationSchema, previousStudyGroups: z.array(z.string()) }),
  subscribers: [],
});

const participantEvent = (type: string, description: string) => ({ type, description, data: participantSchema });

export const participantJoined = defineEvent({
  ...participantEvent('participant.joined', 'A person joined a group.'),
  type: 'participant.joined',
  owner: 'membership',
  subscribers: ['notifications'],
});

export const participantUpdated = defineEvent({
  ...participantEvent('participant.updated', "A participant's name, e-mail, time zone or role changed."),
  type: 'participant.updated',
  owner: 'membership',
  subscribers: ['notifications'],
});

export const participantSuspended = defineEvent({
  ...participantEvent(
    'participant.suspended',
    'Its organization no longer participates in any of the group\u2019s study groups (R1): no invites, no mail.',
  ),
  type: 'participant.suspended',
  owner: 'membership',
  subscribers: ['notifications'],
});

export const participantRestored = defineEvent({
  ...participantEvent('participant.restored', 'Its organization is eligible again: the participant is active again.'),
  type: 'participant.restored',
  owner: 'membership',
  subscribers: ['notifications'],
});

export const participantLeft = defineEvent({
  ...participantEvent('participant.left', 'A participant left the group.'),
  type: 'participant.left',
  owner: 'membership',
  subscribers: ['notifications'],
});

export const convenorAppointed = defineEvent({
  type: 'convenor.appointed',
  owner: 'membership',
  description: 'A study group appointed a co-convenor; `replacedParticipantId` is the previous holder, if any.',
  data: z.strictObject({ appointment: convenorAppointmentSchema, replacedParticipantId: z.uuid().nullable() }),
  subscribers: [],
});
