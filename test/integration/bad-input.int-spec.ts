import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import { createTestEnvironment, type TestEnvironment } from '@jcg/testing';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

type Scene = Awaited<ReturnType<MembershipCast['scene']>>;
type Body = Record<string, unknown>;

interface WriteRoute {
  name: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (s: Scene) => string;
  /** A body this route accepts (null: the route takes no body). */
  valid: ((s: Scene) => Body) | null;
  /** Fields that may be left out (they have defaults, or the route takes any subset). */
  optional?: string[];
  /** Fields for which null is a valid value. */
  nullable?: string[];
  /** Who calls it (default: the administrator); ToR revisions are a co-convenor's, acknowledgements TSB's. */
  as?: 'convenor' | 'tsb';
  /** Paths with a malformed id, answered 400 as well. */
  badPaths?: (s: Scene) => string[];
  /** An empty body is valid too (every field has a default). */
  emptyIsValid?: boolean;
  /** Signed as TSB signs its inbound webhooks (the signature is that route's credential). */
  signed?: boolean;
}

const TSB_SECRET = 'whsec_' + Buffer.from('bad-input-inbound-secret-0123456').toString('base64');
/** Standard Webhooks headers for a body, signed with TSB's secret. */
function tsbSignature(body: string): Record<string, string> {
  const id = `evt_${Math.random().toString(36).slice(2)}`;
  const at = new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(TSB_SECRET).sign(id, at, body),
  };
}
let endpointId: string;
const SOME_UUID = '00000000-0000-7000-8000-000000000000';

const EMAIL_FIELDS = ['mailingList', 'email', 'contactEmail'];
const TIME_ZONE_FIELDS = ['timeZone'];

const DAY = 24 * 3600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
let meetingId: string;

const WORK_ITEM = {
  kind: 'recommendation',
  identifier: 'X.1361',
  title: 'Security framework for the IoT based on the gateway model',
  studyGroup: 'SG17',
  status: 'in-force',
  statusDate: '2018-09-07',
  link: 'https://www.itu.int/rec/T-REC-X.1361',
  topics: [],
};

const WRITE_ROUTES: WriteRoute[] = [
  {
    name: 'PUT /v1/groups/{groupId}/meetings/{meetingId}/agenda',
    method: 'PUT',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/agenda`,
    valid: () => ({ items: [{ title: 'Item', presenter: 'Ana', minutes: 10, documents: ['C-1'] }] }),
    as: 'convenor',
  },
  {
    name: 'POST /v1/groups/{groupId}/meetings/{meetingId}/agenda/adoption',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/agenda/adoption`,
    valid: null,
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/meetings/x/agenda/adoption`],
  },
  {
    name: 'POST /v1/groups/{groupId}/meetings/{meetingId}/record',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/record`,
    valid: () => ({
      attendance: [{ name: 'Ana', organization: 'Org' }],
      minutes: 'Minutes.',
      decisions: ['D'],
      actionItems: [{ description: 'A', owner: 'B', due: '2027-01-01' }],
    }),
    as: 'convenor',
  },
  {
    name: 'POST /v1/groups/{groupId}/meetings/{meetingId}/closure',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/closure`,
    valid: null,
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/meetings/x/closure`],
  },
  {
    name: 'POST /v1/groups/{groupId}/participants/{participantId}/calendar-feed',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/participants/${s.participant.id}/calendar-feed`,
    valid: null,
    badPaths: (s) => [`/v1/groups/${s.group.id}/participants/not-one/calendar-feed`],
  },
  {
    name: 'POST /v1/groups/{groupId}/meetings',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/meetings`,
    valid: () => ({
      title: 'Bad input meeting',
      startsAt: inDays(20),
      endsAt: new Date(Date.now() + 20 * DAY + 3600_000).toISOString(),
      timeZone: 'Europe/Zurich',
      tool: 'mymeetings',
      joinDetails: { url: 'https://meetings.example.int/j/1' },
    }),
    optional: ['timeZone', 'tool', 'joinDetails'],
    as: 'convenor',
  },
  {
    name: 'PUT /v1/groups/{groupId}/meetings/{meetingId}/join-details',
    method: 'PUT',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/join-details`,
    valid: () => ({
      url: 'https://meetings.example.int/j/2',
      meetingNumber: '2',
      passcode: 'p',
      dialIn: '+41 22 000 00 00',
    }),
    optional: ['meetingNumber', 'passcode', 'dialIn'],
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/meetings/none/join-details`],
  },
  {
    name: 'PUT /v1/groups/{groupId}/meetings/{meetingId}/announcement-time',
    method: 'PUT',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/announcement-time`,
    valid: () => ({ announceAt: inDays(10) }),
    nullable: ['announceAt'],
    as: 'convenor',
  },
  {
    name: 'PUT /v1/groups/{groupId}/meetings/{meetingId}/schedule',
    method: 'PUT',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/schedule`,
    valid: () => ({ startsAt: inDays(21), endsAt: new Date(Date.now() + 21 * DAY + 3600_000).toISOString() }),
    as: 'convenor',
  },
  {
    name: 'POST /v1/groups/{groupId}/meetings/{meetingId}/concurrence',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/concurrence`,
    valid: null,
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/meetings/1/concurrence`],
  },
  {
    name: 'POST /v1/groups/{groupId}/meetings/{meetingId}/announcement',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/announcement`,
    valid: null,
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/meetings/x/announcement`],
  },
  {
    name: 'POST /v1/groups/{groupId}/meetings/{meetingId}/cancellation',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/cancellation`,
    valid: null,
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/meetings/x/cancellation`],
  },
  {
    name: 'POST /v1/groups/{groupId}/meetings/{meetingId}/deliveries/replay',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/meetings/${meetingId}/deliveries/replay`,
    valid: null,
    badPaths: (s) => [`/v1/groups/${s.group.id}/meetings/not-a-uuid/deliveries/replay`],
  },
  {
    name: 'POST /v1/groups',
    method: 'POST',
    path: () => '/v1/groups',
    valid: () => ({
      acronym: 'BAD-INPUT',
      title: 'Bad input group',
      parentBody: 'TSAG',
      studyGroups: ['SG17'],
      mailingList: 'bad@lists.example.org',
      announcementLeadDays: 7,
      concurrenceRequired: true,
      tor: { text: 'ToR', objectives: [{ key: 'a', text: 'Review' }], reference: 'TSAG-R1', approvedOn: '2026-01-01' },
    }),
    optional: ['concurrenceRequired'],
  },
  {
    name: 'PUT /v1/groups/{groupId}/study-groups',
    method: 'PUT',
    path: (s) => `/v1/groups/${s.group.id}/study-groups`,
    valid: () => ({ studyGroups: ['SG17', 'SG20', 'SG13'], decidedOn: '2026-12-01', reference: 'TSAG-R5' }),
    badPaths: () => ['/v1/groups/not-a-uuid/study-groups'],
  },
  {
    name: 'PUT /v1/body-meetings/{reference}',
    method: 'PUT',
    path: () => '/v1/body-meetings/SG17-BAD-INPUT',
    valid: () => ({
      body: 'SG17',
      firstDay: '2027-01-18',
      lastDay: '2027-01-27',
      place: 'Geneva',
      status: 'scheduled',
    }),
    optional: ['status'],
    badPaths: () => ['/v1/body-meetings/not%20a%20reference'],
  },
  {
    name: 'DELETE /v1/body-meetings/{reference}',
    method: 'DELETE',
    path: () => '/v1/body-meetings/SG17-BAD-INPUT',
    valid: null,
    badPaths: () => ['/v1/body-meetings/-starts-with-a-dash', `/v1/body-meetings/${'x'.repeat(101)}`],
  },
  {
    name: 'POST /v1/groups/{groupId}/obligations/{obligationId}/submission',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/obligations/${s.group.id}/submission`,
    valid: () => ({ documentReference: 'T25-SG17-270118-TD-PLEN-0123' }),
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/obligations/nope/submission`],
  },
  {
    name: 'POST /v1/groups/{groupId}/obligations/{obligationId}/acknowledgement',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/obligations/${s.group.id}/acknowledgement`,
    valid: null,
    as: 'tsb',
    badPaths: (s) => [`/v1/groups/${s.group.id}/obligations/nope/acknowledgement`],
  },
  {
    name: 'POST /v1/groups/{groupId}/extensions',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/extensions`,
    valid: () => ({ decidedOn: '2026-10-01', reference: 'TSAG-R7', until: '2027-12-31', studyGroupInput: ['SG17'] }),
    optional: ['until', 'studyGroupInput'],
    nullable: ['until'],
    badPaths: () => ['/v1/groups/not-a-uuid/extensions'],
  },
  {
    name: 'POST /v1/groups/{groupId}/conclusion',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/conclusion`,
    valid: () => ({ decidedOn: '2027-01-01', reference: 'TSAG-R9' }),
  },
  {
    name: 'POST /v1/groups/{groupId}/tor',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/tor`,
    valid: () => ({ summary: 'Revision', text: 'Revised.', objectives: [{ key: 'a', text: 'Review' }] }),
    as: 'convenor',
  },
  {
    name: 'POST /v1/groups/{groupId}/tor/{version}/decision',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/tor/1/decision`,
    valid: () => ({ decision: 'approved', decidedOn: '2026-11-01', reference: 'TSAG-R3' }),
    badPaths: (s) => [`/v1/groups/${s.group.id}/tor/zero/decision`, `/v1/groups/${s.group.id}/tor/-1/decision`],
  },
  {
    name: 'POST /v1/groups/{groupId}/tor/{version}/send',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/tor/1/send`,
    valid: null,
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/tor/1.5/send`, `/v1/groups/${s.group.id}/tor/x/send`],
  },
  {
    name: 'POST /v1/organizations',
    method: 'POST',
    path: () => '/v1/organizations',
    valid: () => ({ name: 'Bad Input Org', category: 'academia', studyGroups: ['SG17'] }),
  },
  {
    name: 'PUT /v1/organizations/{organizationId}/participation',
    method: 'PUT',
    path: (s) => `/v1/organizations/${s.organization.id}/participation`,
    valid: () => ({ studyGroups: ['SG13'] }),
    badPaths: () => ['/v1/organizations/nope/participation'],
  },
  {
    name: 'POST /v1/groups/{groupId}/organizations',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/organizations`,
    valid: (s) => ({ organizationId: s.organization.id }),
  },
  {
    name: 'POST /v1/groups/{groupId}/participants',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/participants`,
    valid: (s) => ({
      organizationId: s.organization.id,
      name: 'New Person',
      email: 'new.person@example.org',
      timeZone: 'Europe/Zurich',
      role: 'observer',
    }),
    optional: ['role'],
  },
  {
    name: 'PATCH /v1/groups/{groupId}/participants/{participantId}',
    method: 'PATCH',
    path: (s) => `/v1/groups/${s.group.id}/participants/${s.participant.id}`,
    valid: () => ({ name: 'Renamed', email: 'renamed@example.org', timeZone: 'Asia/Tokyo', role: 'observer' }),
    optional: ['name', 'email', 'timeZone', 'role'],
    badPaths: (s) => [`/v1/groups/${s.group.id}/participants/x`],
  },
  {
    name: 'POST /v1/groups/{groupId}/participants/{participantId}/leave',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/participants/${s.participant.id}/leave`,
    valid: null,
    badPaths: (s) => [`/v1/groups/${s.group.id}/participants/0/leave`],
  },
  {
    name: 'POST /v1/groups/{groupId}/convenors',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/convenors`,
    valid: (s) => ({
      studyGroup: 'SG20',
      participantId: s.participant.id,
      appointedOn: '2026-11-01',
      reference: 'SG20-R-1',
    }),
  },
  {
    name: 'POST /v1/api-keys',
    method: 'POST',
    path: () => '/v1/api-keys',
    valid: (s) => ({ label: 'bad input', owner: { kind: 'participant', participantId: s.participant.id } }),
  },
  {
    name: 'DELETE /v1/api-keys/{keyId}',
    method: 'DELETE',
    path: () => '/v1/api-keys/00000000-0000-7000-8000-000000000000',
    valid: null,
    badPaths: () => ['/v1/api-keys/not-a-key-id'],
  },
  {
    name: 'PUT /v1/groups/{groupId}/topics/{key}',
    method: 'PUT',
    path: (s) => `/v1/groups/${s.group.id}/topics/pki`,
    valid: () => ({ name: 'PKI', description: 'Certificates and trust anchors' }),
    optional: ['description'],
    nullable: ['description'],
    as: 'tsb',
    badPaths: (s) => [`/v1/groups/${s.group.id}/topics/Not_A_Key`, `/v1/groups/nope/topics/pki`],
  },
  {
    name: 'POST /v1/groups/{groupId}/work-items',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/work-items`,
    valid: () => WORK_ITEM,
    optional: ['link', 'topics'],
    nullable: ['link'],
    as: 'convenor',
  },
  {
    name: 'PUT /v1/groups/{groupId}/work-items/{workItemId}',
    method: 'PUT',
    path: (s) => `/v1/groups/${s.group.id}/work-items/${s.group.id}`,
    valid: () => WORK_ITEM,
    optional: ['link', 'topics'],
    nullable: ['link'],
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/work-items/nope`],
  },
  {
    name: 'DELETE /v1/groups/{groupId}/work-items/{workItemId}',
    method: 'DELETE',
    path: (s) => `/v1/groups/${s.group.id}/work-items/${s.group.id}`,
    valid: null,
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/work-items/nope`],
  },
  {
    name: 'POST /v1/groups/{groupId}/work-items.csv',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/work-items.csv`,
    valid: null,
    as: 'tsb',
    badPaths: () => ['/v1/groups/nope/work-items.csv'],
  },
  {
    name: 'PUT /v1/groups/{groupId}/demarcation/{topicKey}',
    method: 'PUT',
    path: (s) => `/v1/groups/${s.group.id}/demarcation/pki`,
    valid: () => ({ leadStudyGroup: 'SG17', rationale: 'Security mechanisms are SG17 work.' }),
    nullable: ['leadStudyGroup'],
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/demarcation/Bad_Key`],
  },
  {
    name: 'POST /v1/groups/{groupId}/obligations/{obligationId}/report',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/obligations/${s.group.id}/report`,
    valid: null,
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/obligations/nope/report`],
  },
  {
    name: 'PUT /v1/groups/{groupId}/obligations/{obligationId}/report/narratives/{objective}',
    method: 'PUT',
    path: (s) => `/v1/groups/${s.group.id}/obligations/${s.group.id}/report/narratives/a`,
    valid: () => ({ text: 'Review of the work of SG17 and SG20.', version: 1 }),
    optional: ['version'],
    as: 'convenor',
    badPaths: (s) => [
      `/v1/groups/${s.group.id}/obligations/${s.group.id}/report/narratives/e`,
      `/v1/groups/${s.group.id}/obligations/nope/report/narratives/a`,
    ],
  },
  {
    name: 'POST /v1/groups/{groupId}/obligations/{obligationId}/report/submission',
    method: 'POST',
    path: (s) => `/v1/groups/${s.group.id}/obligations/${s.group.id}/report/submission`,
    valid: null,
    as: 'convenor',
    badPaths: (s) => [`/v1/groups/${s.group.id}/obligations/nope/report/submission`],
  },
  {
    name: 'POST /v1/webhooks/endpoints',
    method: 'POST',
    path: () => '/v1/webhooks/endpoints',
    valid: (s) => ({
      url: 'http://127.0.0.1:9/hook',
      description: 'TSB',
      eventTypes: ['report.acknowledged'],
      groupId: s.group.id,
      contactEmail: 'tsb@itu.example',
      enabled: true,
    }),
    optional: ['description', 'eventTypes', 'groupId', 'enabled'],
    nullable: ['eventTypes', 'groupId'],
    as: 'tsb',
  },
  {
    name: 'PATCH /v1/webhooks/endpoints/{endpointId}',
    method: 'PATCH',
    path: () => `/v1/webhooks/endpoints/${endpointId}`,
    valid: (s) => ({
      url: 'http://127.0.0.1:9/other',
      description: 'TSB',
      eventTypes: ['report.acknowledged'],
      groupId: s.group.id,
      contactEmail: 'tsb@itu.example',
      enabled: false,
    }),
    optional: ['url', 'description', 'eventTypes', 'groupId', 'contactEmail', 'enabled'],
    nullable: ['eventTypes', 'groupId'],
    as: 'tsb',
    badPaths: () => ['/v1/webhooks/endpoints/nope'],
  },
  {
    name: 'DELETE /v1/webhooks/endpoints/{endpointId}',
    method: 'DELETE',
    path: () => `/v1/webhooks/endpoints/${endpointId}`,
    valid: null,
    as: 'tsb',
    badPaths: () => ['/v1/webhooks/endpoints/nope'],
  },
  {
    name: 'POST /v1/webhooks/endpoints/{endpointId}/rotate-secret',
    method: 'POST',
    path: () => `/v1/webhooks/endpoints/${endpointId}/rotate-secret`,
    valid: () => ({ overlapSeconds: 3600 }),
    optional: ['overlapSeconds'],
    emptyIsValid: true,
    as: 'tsb',
    badPaths: () => ['/v1/webhooks/endpoints/nope/rotate-secret'],
  },
  {
    name: 'POST /v1/webhooks/endpoints/{endpointId}/messages/{messageId}/replay',
    method: 'POST',
    path: () => `/v1/webhooks/endpoints/${endpointId}/messages/${SOME_UUID}/replay`,
    valid: null,
    as: 'tsb',
    badPaths: () => [
      `/v1/webhooks/endpoints/${endpointId}/messages/nope/replay`,
      `/v1/webhooks/endpoints/nope/messages/${SOME_UUID}/replay`,
    ],
  },
  {
    name: 'POST /v1/webhooks/endpoints/{endpointId}/replay',
    method: 'POST',
    path: () => `/v1/webhooks/endpoints/${endpointId}/replay`,
    valid: () => ({ since: '2026-11-01T00:00:00Z' }),
    as: 'tsb',
    badPaths: () => ['/v1/webhooks/endpoints/nope/replay'],
  },
  {
    name: 'POST /v1/session/link',
    method: 'POST',
    path: () => '/v1/session/link',
    valid: () => ({ email: 'ana@example.org' }),
  },
  {
    name: 'POST /v1/session',
    method: 'POST',
    path: () => '/v1/session',
    valid: () => ({ token: 'A'.repeat(43) }),
  },
  {
    name: 'POST /v1/session/sign-out',
    method: 'POST',
    path: () => '/v1/session/sign-out',
    valid: () => ({ everywhere: true }),
    optional: ['everywhere'],
    emptyIsValid: true,
  },
  {
    name: 'DELETE /v1/groups/{groupId}/participants/{participantId}/sessions',
    method: 'DELETE',
    path: (s) => `/v1/groups/${s.group.id}/participants/${s.participant.id}/sessions`,
    valid: null,
    badPaths: (s) => [
      `/v1/groups/${s.group.id}/participants/nope/sessions`,
      `/v1/groups/nope/participants/${s.participant.id}/sessions`,
    ],
  },
  {
    name: 'POST /v1/webhooks/tsb',
    method: 'POST',
    path: () => '/v1/webhooks/tsb',
    valid: () => ({ type: 'body-meeting.cancelled', timestamp: '2026-11-29T08:00:00Z', data: { reference: 'SG17-X' } }),
    signed: true,
  },
];

function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return 'seven';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'SG17';
  return 'an object was expected';
}

/** The bad versions of a valid body: each must be refused with 400 and change nothing. */
function badBodies(
  valid: Body,
  optional: string[],
  nullable: string[],
): { label: string; body?: unknown; raw?: string }[] {
  const cases: { label: string; body?: unknown; raw?: string }[] = [
    { label: 'malformed JSON', raw: '{"name": ' },
    { label: 'a JSON array', raw: '[]' },
    { label: 'a JSON string', raw: '"text"' },
    { label: 'an unknown field', body: { ...valid, unexpected: true } },
  ];
  for (const [field, value] of Object.entries(valid)) {
    cases.push({ label: `${field} of the wrong type`, body: { ...valid, [field]: wrongType(value) } });
    if (!nullable.includes(field)) cases.push({ label: `${field} null`, body: { ...valid, [field]: null } });
    if (!optional.includes(field)) {
      const { [field]: _dropped, ...rest } = valid;
      cases.push({ label: `${field} missing`, body: rest });
    }
    // Longer than any text the API takes (the longest, minutes, stops at 100,000 characters).
    if (typeof value === 'string')
      cases.push({ label: `${field} overlong`, body: { ...valid, [field]: 'x'.repeat(200_000) } });
    if (EMAIL_FIELDS.includes(field))
      cases.push({ label: `${field} not an e-mail address`, body: { ...valid, [field]: 'someone-at-example.org' } });
    if (TIME_ZONE_FIELDS.includes(field)) {
      cases.push({ label: `${field} not a time zone`, body: { ...valid, [field]: 'Mars/Olympus_Mons' } });
      cases.push({ label: `${field} an offset, not a zone`, body: { ...valid, [field]: '+02:00' } });
    }
  }
  if (optional.length === Object.keys(valid).length) cases.push({ label: 'nothing to change', body: {} });
  return cases;
}

describe('bad input on every write route: 400 problem+json, nothing changed', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let membership: NestFastifyApplication;
  let cast: MembershipCast;
  let scene: Scene;
  let tsbKey: string;

  beforeAll(async () => {
    env = await createTestEnvironment('badinput');
    system = new TestSystem(env);
    membership = await system.start('membership');
    await system.start('meetings');
    await system.start('agenda');
    await system.start('reporting');
    await system.start('notifications', { extra: { webhooks: { allowLoopback: true, inboundSecrets: [TSB_SECRET] } } });
    const api = await system.start('api');
    cast = new MembershipCast(Http.of(api), await createKey(membership, { kind: 'admin' }));
    scene = await cast.scene();
    tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });
    const meeting = await cast.http.post<{ id: string }>(
      `/v1/groups/${scene.group.id}/meetings`,
      { title: 'Target', startsAt: inDays(30), endsAt: new Date(Date.now() + 30 * DAY + 3600_000).toISOString() },
      scene.convenorKey,
    );
    if (meeting.status !== 201) throw new Error(meeting.text);
    meetingId = meeting.body.id;
    const endpoint = await cast.http.post<{ endpoint: { id: string } }>(
      '/v1/webhooks/endpoints',
      { url: 'http://127.0.0.1:9/hook', eventTypes: ['report.acknowledged'], contactEmail: 'tsb@itu.example' },
      tsbKey,
    );
    if (endpoint.status !== 201) throw new Error(endpoint.text);
    endpointId = endpoint.body.endpoint.id;
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  /** Columns that change on their own: the relay marks events published; a key in use records when. */
  const MOVING_COLUMNS: Record<string, string> = { outbox: 'published_at', api_keys: 'last_used_at' };

  /** A fingerprint of every membership and reporting table (and outbox): any change a request made shows. */
  async function fingerprint(): Promise<Record<string, string>> {
    const db = membership.get(DataSource);
    const tables = await db.query<{ table_schema: string; table_name: string }[]>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema IN ('membership', 'reporting') OR (table_schema = 'notifications' AND table_name LIKE 'webhook%')
        ORDER BY 1, 2`,
    );
    const result: Record<string, string> = {};
    for (const { table_schema, table_name } of tables) {
      const rows = MOVING_COLUMNS[table_name]
        ? `(SELECT to_jsonb(x) - '${MOVING_COLUMNS[table_name]}' AS t FROM ${table_schema}."${table_name}" x)`
        : `${table_schema}."${table_name}"`;
      const [row] = await db.query<{ n: string; h: string }[]>(
        `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${rows} t`,
      );
      result[`${table_schema}.${table_name}`] = `${row.n}:${row.h}`;
    }
    return result;
  }

  it('covers every write route the API serves', async () => {
    const doc = (await cast.http.get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json')).body;
    const served = Object.entries(doc.paths)
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`))
      .filter((r) => /^(POST|PUT|PATCH|DELETE) \/v1\//.test(r))
      .sort();
    expect(WRITE_ROUTES.map((r) => r.name).sort()).toEqual(served);
  });

  it.each(WRITE_ROUTES.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
    const before = await fingerprint();
    const cases = [
      ...(route.valid
        ? badBodies(route.valid(scene), route.optional ?? [], route.nullable ?? []).filter(
            (c) => !(route.emptyIsValid && c.label === 'nothing to change'),
          )
        : []),
      ...(route.badPaths?.(scene) ?? []).map((p) => ({ label: `path ${p}`, path: p, body: route.valid?.(scene) })),
    ];
    expect(cases.length).toBeGreaterThan(0);
    const answers: string[] = [];
    for (const c of cases) {
      const raw = 'raw' in c && c.raw !== undefined ? c.raw : JSON.stringify(c.body);
      const result = await cast.http.call(route.method, 'path' in c && c.path ? c.path : route.path(scene), {
        key: route.signed
          ? undefined
          : route.as === 'convenor'
            ? scene.convenorKey
            : route.as === 'tsb'
              ? tsbKey
              : cast.adminKey,
        ...(route.signed
          ? { rawBody: raw, headers: tsbSignature(raw) }
          : 'raw' in c && c.raw !== undefined
            ? { rawBody: c.raw }
            : { body: c.body }),
      });
      const problem = result.body as { status?: number; detail?: string };
      const okay =
        result.status === 400 &&
        /^application\/problem\+json/.test(result.contentType) &&
        problem.status === 400 &&
        Boolean(problem.detail);
      if (!okay) answers.push(`${c.label}: ${result.status} ${result.contentType} ${result.text.slice(0, 200)}`);
    }
    expect(answers).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  });

  it('names the field and the reason in the problem', async () => {
    const result = await cast.http.post(
      `/v1/groups/${scene.group.id}/participants`,
      { organizationId: scene.organization.id, name: 'X', email: 'x@example.org', timeZone: 'Mars/Base' },
      cast.adminKey,
    );
    expect(result.body).toMatchObject({
      type: '/problems/invalid-request',
      title: 'Invalid request',
      status: 400,
      code: 'INVALID_REQUEST',
      detail: 'body.timeZone: is not a known IANA time zone',
      issues: ['body.timeZone: is not a known IANA time zone'],
    });
    const malformed = await cast.http.call('POST', '/v1/organizations', { key: cast.adminKey, rawBody: '{"name": ' });
    expect(malformed.body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    const form = await cast.http.call('POST', '/v1/organizations', {
      key: cast.adminKey,
      rawBody: 'name=Acme&category=academia',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      detail: 'Send the body as JSON with "Content-Type: application/json" (got "application/x-www-form-urlencoded").',
    });
    const badId = await cast.http.get('/v1/groups/123', cast.adminKey);
    expect(badId.body).toMatchObject({ status: 400, detail: 'path.groupId: must be a UUID' });
    const unknownKey = await cast.http.post(
      '/v1/organizations',
      { name: 'X', category: 'academia', studyGroups: [], colour: 'red' },
      cast.adminKey,
    );
    expect(unknownKey.body).toMatchObject({ status: 400, detail: 'body: Unrecognized key: "colour"' });
  });
});
