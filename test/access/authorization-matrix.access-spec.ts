import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { newSecret, secretHash, type Principal } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { FixedClock } from '@jcg/persistence';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { CSRF_HEADER, SESSION_COOKIE, csrfTokenOf } from '../../apps/api/src/session/session-cookie';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

type KeyRole = 'anonymous' | 'participant' | 'convenorOfAnotherGroup' | 'convenor' | 'tsb' | 'admin';
/**
 * The API keys' roles; the console's sessions (signed in by e-mail link) of the scene's participant
 * and co-convenor; and a participant of the scene's group whose organization is no longer eligible
 * (R1), with their key and with a session opened before the suspension.
 */
type Role = KeyRole | 'participantSession' | 'convenorSession' | 'suspended' | 'suspendedSession';
const ROLES: Role[] = [
  'anonymous',
  'participant',
  'convenorOfAnotherGroup',
  'convenor',
  'tsb',
  'admin',
  'participantSession',
  'convenorSession',
  'suspended',
  'suspendedSession',
];

type Scene = Awaited<ReturnType<MembershipCast['scene']>>;
interface Cell {
  path: string;
  body?: unknown;
  /** A body that is not JSON (a CSV upload), with its content type. */
  rawBody?: string;
  headers?: Record<string, string>;
}
interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as the OpenAPI document names it. */
  template: string;
  /**
   * Roles that may call it; every other authenticated role gets 403, anonymous 401. A session gets
   * what its participant's key gets; a suspended participant only what any valid key may call.
   */
  allowed: Exclude<KeyRole, 'anonymous'>[];
  /** Ends the session it is called with: a session role gets a session of its own for it. */
  endsSession?: true;
  success: number;
  /** Changes state: each cell gets a scene of its own. */
  mutates: boolean;
  cell: (scene: Scene, cast: MembershipCast) => Promise<Cell> | Cell;
}

const member: Route['allowed'] = ['participant', 'convenor', 'tsb', 'admin'];
const everyone: Route['allowed'] = ['participant', 'convenorOfAnotherGroup', 'convenor', 'tsb', 'admin'];
const staff: Route['allowed'] = ['tsb', 'admin'];
const proposal = { summary: 'Revision', text: 'Revised terms.', objectives: [{ key: 'a', text: 'Review' }] };
const DAY = 24 * 3600_000;
const meetingTimes = (days: number) => ({
  startsAt: new Date(Date.now() + days * DAY).toISOString(),
  endsAt: new Date(Date.now() + days * DAY + 3600_000).toISOString(),
});
const joinDetails = { url: 'https://meetings.example.int/j/7' };

/** A meeting of the scene's group, proposed by `key` (TSB: it then waits for the co-convenor's concurrence). */
async function meetingOf(
  scene: Scene,
  cast: MembershipCast,
  key: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const created = await cast.http.post<{ id: string }>(
    `/v1/groups/${scene.group.id}/meetings`,
    { title: 'Matrix meeting', ...meetingTimes(20), ...extra },
    key,
  );
  if (created.status !== 201) throw new Error(`meeting: ${created.status} ${created.text}`);
  return created.body.id;
}

/** The meetings and agenda clock: real time, moved past a meeting's start when a cell needs it. */
const clock = new FixedClock(new Date());

/** An announced meeting whose agenda service knows it is announced. */
async function announcedOf(scene: Scene, cast: MembershipCast): Promise<string> {
  const meetingId = await meetingOf(scene, cast, scene.convenorKey, { joinDetails });
  await agendaOf(scene, cast, meetingId);
  const announced = await cast.http.post(
    `/v1/groups/${scene.group.id}/meetings/${meetingId}/announcement`,
    {},
    scene.convenorKey,
  );
  if (announced.status !== 200) throw new Error(`announce: ${announced.text}`);
  await waitFor(
    async () =>
      (
        await agendaApp
          .get(DataSource)
          .query<{ s: string }[]>('SELECT meeting_state AS s FROM agenda.agendas WHERE meeting_id = $1', [meetingId])
      )[0]?.s === 'announced',
    'agenda to know the announcement',
  );
  return meetingId;
}

/** Runs with the meetings clock an hour after the meeting of `days` days from now started. */
function afterStart(): void {
  clock.set(new Date(Date.now() + 20 * DAY + 3600_000));
}

let agendaApp: NestFastifyApplication;
const record = {
  attendance: [{ name: 'Ana', organization: 'Org' }],
  minutes: 'Minutes.',
  decisions: [],
  actionItems: [],
};

async function agendaOf(scene: Scene, cast: MembershipCast, meetingId: string): Promise<void> {
  await cast.draftAgenda(scene.group.id, meetingId);
}

let bodyMeetings = 0;
/** A body meeting TSB enters (ahead, SG17): every group reporting to SG17 owes a report for it. */
async function bodyMeetingOf(cast: MembershipCast): Promise<string> {
  const reference = `SG17-MATRIX-${Date.now().toString(36)}-${bodyMeetings++}`;
  const put = await cast.http.call('PUT', `/v1/body-meetings/${reference}`, {
    key: tsbKey,
    body: { body: 'SG17', firstDay: '2027-06-07', lastDay: '2027-06-16', place: 'Geneva' },
  });
  if (put.status !== 200) throw new Error(`body meeting: ${put.status} ${put.text}`);
  return reference;
}

/** The scene's group's report obligation for a new body meeting (reporting learns the group by event first). */
async function obligationOf(scene: Scene, cast: MembershipCast): Promise<string> {
  await waitFor(
    async () => (await cast.http.get(`/v1/groups/${scene.group.id}/obligations`, cast.adminKey)).status === 200,
    'reporting to know the group',
  );
  const reference = await bodyMeetingOf(cast);
  const listed = await cast.http.get<{ items: { id: string; bodyMeeting: { reference: string } }[] }>(
    `/v1/groups/${scene.group.id}/obligations`,
    cast.adminKey,
  );
  const obligation = listed.body.items.find((o) => o.bodyMeeting.reference === reference);
  if (!obligation) throw new Error(`no obligation for ${reference}: ${listed.text}`);
  return obligation.id;
}

/** Waits until reporting knows the scene's group (it learns groups from membership's events). */
async function reportingKnows(scene: Scene, cast: MembershipCast): Promise<void> {
  await waitFor(
    async () => (await cast.http.get(`/v1/groups/${scene.group.id}/topics`, cast.adminKey)).status === 200,
    'reporting to know the group',
  );
}

const workItem = {
  kind: 'recommendation',
  identifier: 'X.1361',
  title: 'Security framework for the IoT',
  studyGroup: 'SG17',
  status: 'in-force',
  statusDate: '2018-09-07',
  topics: ['pki'],
};
let workItemsToDelete = 0;
const registerCsv =
  'identifier,kind,title,studyGroup,status,statusDate,link,topics\r\nX.1361,recommendation,Security framework for the IoT,SG17,in-force,2018-09-07,,pki\r\n';

/** The shared scene's register: the topic "pki" and one work item, made once. */
let sharedRegister: Promise<string> | undefined;
function sharedWorkItem(cast: MembershipCast): Promise<string> {
  sharedRegister ??= (async () => {
    await reportingKnows(shared, cast);
    await cast.http.call('PUT', `/v1/groups/${shared.group.id}/topics/pki`, { key: tsbKey, body: { name: 'PKI' } });
    const created = await cast.http.post<{ id: string }>(`/v1/groups/${shared.group.id}/work-items`, workItem, tsbKey);
    if (created.status !== 201) throw new Error(`work item: ${created.text}`);
    return created.body.id;
  })();
  return sharedRegister;
}

/** The shared scene's obligation for the shared body meeting, with its report compiled once. */
let sharedCompiled: Promise<string> | undefined;
function sharedReport(cast: MembershipCast): Promise<string> {
  sharedCompiled ??= (async () => {
    await reportingKnows(shared, cast);
    const listed = await cast.http.get<{ items: { id: string; bodyMeeting: { reference: string } }[] }>(
      `/v1/groups/${shared.group.id}/obligations`,
      cast.adminKey,
    );
    const obligation = listed.body.items.find((o) => o.bodyMeeting.reference === sharedBodyMeeting);
    if (!obligation) throw new Error(`no shared obligation: ${listed.text}`);
    const compiled = await cast.http.post(
      `/v1/groups/${shared.group.id}/obligations/${obligation.id}/report`,
      {},
      tsbKey,
    );
    if (compiled.status !== 200) throw new Error(`compile: ${compiled.text}`);
    return obligation.id;
  })();
  return sharedCompiled;
}
const reportOf = async (cast: MembershipCast) =>
  `/v1/groups/${shared.group.id}/obligations/${await sharedReport(cast)}/report`;

/** Every route of the API, with who may call it. The test checks the list against the OpenAPI document. */
const ROUTES: Route[] = [
  {
    method: 'GET',
    template: '/v1/groups',
    allowed: everyone,
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/groups' }),
  },
  {
    method: 'POST',
    template: '/v1/groups',
    allowed: ['admin'],
    success: 201,
    mutates: true,
    cell: () => ({
      path: '/v1/groups',
      body: {
        acronym: `M-${Math.random().toString(36).slice(2, 10)}`,
        title: 'Matrix group',
        parentBody: 'TSAG',
        studyGroups: ['SG17'],
        mailingList: 'matrix@lists.example.org',
        announcementLeadDays: 7,
        tor: {
          text: 'ToR',
          objectives: [{ key: 'a', text: 'Review' }],
          reference: 'TSAG-R1',
          approvedOn: '2026-01-01',
        },
      },
    }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/decisions',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/decisions` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/extensions',
    allowed: staff,
    success: 201,
    mutates: true,
    cell: (s) => ({
      path: `/v1/groups/${s.group.id}/extensions`,
      body: { decidedOn: '2026-10-01', reference: 'TSAG-R7' },
    }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/conclusion',
    allowed: staff,
    success: 201,
    mutates: true,
    cell: (s) => ({
      path: `/v1/groups/${s.group.id}/conclusion`,
      body: { decidedOn: '2027-01-01', reference: 'TSAG-R9' },
    }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/tor',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/tor` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/tor/{version}',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/tor/1` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/tor',
    allowed: ['convenor'],
    success: 201,
    mutates: true,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/tor`, body: proposal }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/tor/{version}/send',
    allowed: ['convenor'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      await cast.http.post(`/v1/groups/${s.group.id}/tor`, proposal, s.convenorKey);
      return { path: `/v1/groups/${s.group.id}/tor/2/send` };
    },
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/tor/{version}/decision',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      await cast.http.post(`/v1/groups/${s.group.id}/tor`, proposal, s.convenorKey);
      await cast.http.post(`/v1/groups/${s.group.id}/tor/2/send`, {}, s.convenorKey);
      return {
        path: `/v1/groups/${s.group.id}/tor/2/decision`,
        body: { decision: 'approved', decidedOn: '2026-11-01', reference: 'TSAG-R3' },
      };
    },
  },
  {
    method: 'GET',
    template: '/v1/organizations',
    allowed: staff,
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/organizations' }),
  },
  {
    method: 'POST',
    template: '/v1/organizations',
    allowed: staff,
    success: 201,
    mutates: true,
    cell: () => ({
      path: '/v1/organizations',
      body: { name: `Matrix ${Math.random()}`, category: 'academia', studyGroups: ['SG17'] },
    }),
  },
  {
    method: 'GET',
    template: '/v1/organizations/{organizationId}',
    allowed: staff,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/organizations/${s.organization.id}` }),
  },
  {
    method: 'PUT',
    template: '/v1/organizations/{organizationId}/participation',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: (s) => ({
      path: `/v1/organizations/${s.organization.id}/participation`,
      body: { studyGroups: ['SG17', 'SG20', 'SG13'] },
    }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/organizations',
    allowed: ['convenor', 'tsb', 'admin'],
    success: 201,
    mutates: true,
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/organizations`,
      body: { organizationId: (await cast.organization(['SG20'])).id },
    }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/participants',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/participants` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/participants',
    allowed: ['convenor', 'tsb', 'admin'],
    success: 201,
    mutates: true,
    cell: (s) => ({
      path: `/v1/groups/${s.group.id}/participants`,
      body: {
        organizationId: s.organization.id,
        name: 'New Person',
        email: `new.${Math.random().toString(36).slice(2)}@example.org`,
        timeZone: 'Europe/Paris',
      },
    }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/participants/{participantId}',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/participants/${s.participant.id}` }),
  },
  {
    method: 'PATCH',
    template: '/v1/groups/{groupId}/participants/{participantId}',
    allowed: ['participant', 'convenor', 'tsb', 'admin'],
    success: 200,
    mutates: true,
    cell: (s) => ({
      path: `/v1/groups/${s.group.id}/participants/${s.participant.id}`,
      body: { timeZone: 'Asia/Tokyo' },
    }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/participants/{participantId}/leave',
    allowed: ['participant', 'convenor', 'tsb', 'admin'],
    success: 200,
    mutates: true,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/participants/${s.participant.id}/leave` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/roster.json',
    allowed: ['convenor', 'tsb', 'admin'],
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/roster.json` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/roster.csv',
    allowed: ['convenor', 'tsb', 'admin'],
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/roster.csv` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/convenors',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/convenors` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/convenors',
    allowed: staff,
    success: 201,
    mutates: true,
    cell: (s) => ({
      path: `/v1/groups/${s.group.id}/convenors`,
      body: { studyGroup: 'SG20', participantId: s.participant.id, appointedOn: '2026-11-01', reference: 'SG20-R-9' },
    }),
  },
  {
    method: 'GET',
    template: '/v1/api-keys',
    allowed: ['admin'],
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/api-keys' }),
  },
  {
    method: 'POST',
    template: '/v1/api-keys',
    allowed: ['admin'],
    success: 201,
    mutates: true,
    cell: (s) => ({
      path: '/v1/api-keys',
      body: { label: 'matrix', owner: { kind: 'participant', participantId: s.participant.id } },
    }),
  },
  {
    method: 'DELETE',
    template: '/v1/api-keys/{keyId}',
    allowed: ['admin'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      const created = await cast.http.post<{ apiKey: { id: string } }>(
        '/v1/api-keys',
        { label: 'to revoke', owner: { kind: 'integrator', integrator: 'tsb' } },
        cast.adminKey,
      );
      return { path: `/v1/api-keys/${created.body.apiKey.id}` };
    },
  },
  {
    method: 'GET',
    template: '/v1/me',
    allowed: everyone,
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/me' }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/meetings',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/meetings` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/meetings',
    allowed: ['convenor', 'tsb'],
    success: 201,
    mutates: true,
    cell: (s) => ({
      path: `/v1/groups/${s.group.id}/meetings`,
      body: { title: 'Matrix meeting', ...meetingTimes(20) },
    }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/meetings/{meetingId}',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/meetings/${sharedMeetingId}` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/agenda',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/meetings/${sharedMeetingId}/agenda` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/concurrence',
    allowed: ['convenor'],
    success: 200,
    mutates: true,
    // Proposed by TSB, so the scene's co-convenor has to concur.
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/meetings/${await meetingOf(s, cast, tsbKey)}/concurrence`,
    }),
  },
  {
    method: 'PUT',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/join-details',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/meetings/${await meetingOf(s, cast, s.convenorKey)}/join-details`,
      body: joinDetails,
    }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/announcement',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      const meetingId = await meetingOf(s, cast, s.convenorKey, { joinDetails });
      await agendaOf(s, cast, meetingId);
      return { path: `/v1/groups/${s.group.id}/meetings/${meetingId}/announcement` };
    },
  },
  {
    method: 'PUT',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/announcement-time',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/meetings/${await meetingOf(s, cast, s.convenorKey)}/announcement-time`,
      body: { announceAt: new Date(Date.now() + 5 * DAY).toISOString() },
    }),
  },
  {
    method: 'PUT',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/schedule',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/meetings/${await meetingOf(s, cast, s.convenorKey)}/schedule`,
      body: meetingTimes(21),
    }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/cancellation',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/meetings/${await meetingOf(s, cast, s.convenorKey)}/cancellation`,
    }),
  },
  {
    method: 'PUT',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/agenda',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      const meetingId = await meetingOf(s, cast, s.convenorKey);
      await agendaOf(s, cast, meetingId);
      return {
        path: `/v1/groups/${s.group.id}/meetings/${meetingId}/agenda`,
        body: { items: [{ title: 'Only item', presenter: null, minutes: 10, documents: [] }] },
      };
    },
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/agenda/adoption',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/meetings/${await announcedOf(s, cast)}/agenda/adoption`,
    }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/record',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      const meetingId = await announcedOf(s, cast);
      afterStart();
      return { path: `/v1/groups/${s.group.id}/meetings/${meetingId}/record`, body: record };
    },
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/closure',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      const meetingId = await announcedOf(s, cast);
      afterStart();
      await cast.http.post(`/v1/groups/${s.group.id}/meetings/${meetingId}/record`, record, s.convenorKey);
      return { path: `/v1/groups/${s.group.id}/meetings/${meetingId}/closure` };
    },
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/deliveries',
    allowed: ['convenor', 'tsb', 'admin'],
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/meetings/${sharedMeetingId}/deliveries` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/meetings/{meetingId}/deliveries/replay',
    allowed: ['admin'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/meetings/${await announcedOf(s, cast)}/deliveries/replay`,
    }),
  },
  {
    method: 'PUT',
    template: '/v1/groups/{groupId}/study-groups',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: (s) => ({
      path: `/v1/groups/${s.group.id}/study-groups`,
      body: { studyGroups: ['SG17', 'SG20', 'SG13'], decidedOn: '2026-12-01', reference: 'TSAG-R5' },
    }),
  },
  {
    method: 'PUT',
    template: '/v1/body-meetings/{reference}',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: () => ({
      path: `/v1/body-meetings/SG20-MATRIX-${Date.now().toString(36)}-${bodyMeetings++}`,
      body: { body: 'SG20', firstDay: '2027-07-05', lastDay: '2027-07-14', place: 'virtual' },
    }),
  },
  {
    method: 'DELETE',
    template: '/v1/body-meetings/{reference}',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: async (_s, cast) => ({ path: `/v1/body-meetings/${await bodyMeetingOf(cast)}` }),
  },
  {
    method: 'GET',
    template: '/v1/body-meetings',
    allowed: everyone,
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/body-meetings' }),
  },
  {
    method: 'GET',
    template: '/v1/body-meetings/{reference}',
    allowed: everyone,
    success: 200,
    mutates: false,
    cell: () => ({ path: `/v1/body-meetings/${sharedBodyMeeting}` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/obligations',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/obligations` }),
  },
  {
    method: 'GET',
    template: '/v1/obligations/late',
    allowed: staff,
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/obligations/late' }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/submission',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/obligations/${await obligationOf(s, cast)}/submission`,
      body: { documentReference: 'T25-SG17-270607-TD-PLEN-0001' },
    }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/acknowledgement',
    allowed: ['tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      const obligationId = await obligationOf(s, cast);
      const submitted = await cast.http.post(
        `/v1/groups/${s.group.id}/obligations/${obligationId}/submission`,
        { documentReference: 'T25-SG17-270607-TD-PLEN-0002' },
        tsbKey,
      );
      if (submitted.status !== 200) throw new Error(`submission: ${submitted.text}`);
      return { path: `/v1/groups/${s.group.id}/obligations/${obligationId}/acknowledgement` };
    },
  },
  {
    method: 'GET',
    template: '/v1/calendar/groups/{groupId}/deadlines.ics',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (s, cast) => {
      await waitFor(
        async () => (await cast.http.get(`/v1/groups/${s.group.id}/obligations`, cast.adminKey)).status === 200,
        'reporting to know the group',
      );
      return { path: `/v1/calendar/groups/${s.group.id}/deadlines.ics` };
    },
  },
  {
    method: 'GET',
    template: '/v1/calendar/groups/{groupId}.ics',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({ path: `/v1/calendar/groups/${s.group.id}.ics` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/participants/{participantId}/calendar-feed',
    allowed: ['participant', 'admin'],
    success: 201,
    mutates: true,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/participants/${s.participant.id}/calendar-feed` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/topics',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (s, cast) => (await sharedWorkItem(cast), { path: `/v1/groups/${s.group.id}/topics` }),
  },
  {
    method: 'PUT',
    template: '/v1/groups/{groupId}/topics/{key}',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: false,
    cell: async (s, cast) => (
      await sharedWorkItem(cast),
      { path: `/v1/groups/${s.group.id}/topics/pki`, body: { name: 'PKI' } }
    ),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/work-items',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (s, cast) => (await sharedWorkItem(cast), { path: `/v1/groups/${s.group.id}/work-items` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/work-items',
    allowed: ['convenor', 'tsb'],
    success: 201,
    mutates: true,
    cell: async (s, cast) => {
      await reportingKnows(s, cast);
      await cast.http.call('PUT', `/v1/groups/${s.group.id}/topics/pki`, { key: tsbKey, body: { name: 'PKI' } });
      return { path: `/v1/groups/${s.group.id}/work-items`, body: workItem };
    },
  },
  {
    method: 'PUT',
    template: '/v1/groups/{groupId}/work-items/{workItemId}',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: false,
    cell: async (s, cast) => ({
      path: `/v1/groups/${s.group.id}/work-items/${await sharedWorkItem(cast)}`,
      body: workItem,
    }),
  },
  {
    method: 'DELETE',
    template: '/v1/groups/{groupId}/work-items/{workItemId}',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      await reportingKnows(s, cast);
      await cast.http.call('PUT', `/v1/groups/${s.group.id}/topics/pki`, { key: tsbKey, body: { name: 'PKI' } });
      // The refused roles share the route's scene: one work item each.
      const identifier = `X.${1361 + workItemsToDelete++}`;
      const created = await cast.http.post<{ id: string }>(
        `/v1/groups/${s.group.id}/work-items`,
        { ...workItem, identifier },
        tsbKey,
      );
      if (created.status !== 201) throw new Error(`work item: ${created.text}`);
      return { path: `/v1/groups/${s.group.id}/work-items/${created.body.id}` };
    },
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/work-items/{workItemId}/history',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (s, cast) => ({ path: `/v1/groups/${s.group.id}/work-items/${await sharedWorkItem(cast)}/history` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/register/changes',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (s, cast) => (await sharedWorkItem(cast), { path: `/v1/groups/${s.group.id}/register/changes` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/work-items.csv',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (s, cast) => (await sharedWorkItem(cast), { path: `/v1/groups/${s.group.id}/work-items.csv` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/work-items.csv',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: false,
    cell: async (s, cast) => (
      await sharedWorkItem(cast),
      {
        path: `/v1/groups/${s.group.id}/work-items.csv`,
        rawBody: registerCsv,
        headers: { 'content-type': 'text/csv' },
      }
    ),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/overlap-matrix',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (s, cast) => (await sharedWorkItem(cast), { path: `/v1/groups/${s.group.id}/overlap-matrix` }),
  },
  {
    method: 'PUT',
    template: '/v1/groups/{groupId}/demarcation/{topicKey}',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: false,
    cell: async (s, cast) => (
      await sharedWorkItem(cast),
      { path: `/v1/groups/${s.group.id}/demarcation/pki`, body: { leadStudyGroup: 'SG17', rationale: 'SG17 leads.' } }
    ),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/demarcation/{topicKey}/history',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (s, cast) => (await sharedWorkItem(cast), { path: `/v1/groups/${s.group.id}/demarcation/pki/history` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/report',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: false,
    cell: async (_s, cast) => ({ path: await reportOf(cast) }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/report',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (_s, cast) => ({ path: await reportOf(cast) }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/report/versions',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (_s, cast) => ({ path: `${await reportOf(cast)}/versions` }),
  },
  {
    method: 'PUT',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/report/narratives/{objective}',
    allowed: ['convenor'],
    success: 200,
    mutates: false,
    cell: async (_s, cast) => ({ path: `${await reportOf(cast)}/narratives/a`, body: { text: 'Review of the work.' } }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/report/narratives/{objective}/history',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (_s, cast) => ({ path: `${await reportOf(cast)}/narratives/a/history` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/report/document.docx',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (_s, cast) => ({ path: `${await reportOf(cast)}/document.docx` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/report/document.md',
    allowed: member,
    success: 200,
    mutates: false,
    cell: async (_s, cast) => ({ path: `${await reportOf(cast)}/document.md` }),
  },
  {
    method: 'POST',
    template: '/v1/groups/{groupId}/obligations/{obligationId}/report/submission',
    allowed: ['convenor', 'tsb'],
    success: 200,
    mutates: true,
    cell: async (s, cast) => {
      const obligationId = await obligationOf(s, cast);
      const compiled = await cast.http.post(`/v1/groups/${s.group.id}/obligations/${obligationId}/report`, {}, tsbKey);
      if (compiled.status !== 200) throw new Error(`compile: ${compiled.text}`);
      return { path: `/v1/groups/${s.group.id}/obligations/${obligationId}/report/submission` };
    },
  },
];

/** A webhook endpoint of TSB's (its deliveries go nowhere: port 9 refuses). */
async function endpointOf(cast: MembershipCast, eventTypes = ['report.acknowledged']): Promise<string> {
  const made = await cast.http.post<{ endpoint: { id: string } }>(
    '/v1/webhooks/endpoints',
    { url: 'http://127.0.0.1:9/hook', eventTypes, contactEmail: 'matrix@itu.example' },
    tsbKey,
  );
  if (made.status !== 201) throw new Error(`endpoint: ${made.status} ${made.text}`);
  return made.body.endpoint.id;
}

/** A message to an endpoint that takes `group.registered`: a group is registered for it. */
async function webhookMessageOf(cast: MembershipCast, endpointId: string): Promise<string> {
  await cast.group();
  return waitFor(
    async () =>
      (await cast.http.get<{ items: { id: string }[] }>(`/v1/webhooks/endpoints/${endpointId}/messages`, tsbKey)).body
        .items[0]?.id,
    'a webhook message',
  );
}

ROUTES.push(
  {
    method: 'GET',
    template: '/v1/session',
    allowed: everyone,
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/session' }),
  },
  {
    method: 'POST',
    template: '/v1/session/sign-out',
    allowed: everyone,
    success: 200,
    mutates: false,
    endsSession: true,
    cell: () => ({ path: '/v1/session/sign-out', body: {} }),
  },
  {
    method: 'DELETE',
    template: '/v1/groups/{groupId}/participants/{participantId}/sessions',
    allowed: ['admin'],
    success: 200,
    mutates: true,
    cell: (s) => ({ path: `/v1/groups/${s.group.id}/participants/${s.participant.id}/sessions` }),
  },
  {
    method: 'GET',
    template: '/v1/groups/{groupId}/meeting-slots',
    allowed: member,
    success: 200,
    mutates: false,
    cell: (s) => ({
      path: `/v1/groups/${s.group.id}/meeting-slots?durationMinutes=60&from=${new Date(Date.now() + 30 * DAY).toISOString()}&to=${new Date(Date.now() + 31 * DAY).toISOString()}`,
    }),
  },
  {
    method: 'GET',
    template: '/v1/webhooks/event-types',
    allowed: staff,
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/webhooks/event-types' }),
  },
  {
    method: 'GET',
    template: '/v1/webhooks/tsb/event-types',
    allowed: staff,
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/webhooks/tsb/event-types' }),
  },
  {
    method: 'POST',
    template: '/v1/webhooks/endpoints',
    allowed: staff,
    success: 201,
    mutates: true,
    cell: () => ({
      path: '/v1/webhooks/endpoints',
      body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['report.acknowledged'], contactEmail: 'matrix@itu.example' },
    }),
  },
  {
    method: 'GET',
    template: '/v1/webhooks/endpoints',
    allowed: staff,
    success: 200,
    mutates: false,
    cell: () => ({ path: '/v1/webhooks/endpoints' }),
  },
  {
    method: 'GET',
    template: '/v1/webhooks/endpoints/{endpointId}',
    allowed: staff,
    success: 200,
    mutates: false,
    cell: () => ({ path: `/v1/webhooks/endpoints/${sharedEndpoint}` }),
  },
  {
    method: 'PATCH',
    template: '/v1/webhooks/endpoints/{endpointId}',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: async (_s, cast) => ({
      path: `/v1/webhooks/endpoints/${await endpointOf(cast)}`,
      body: { description: 'Renamed' },
    }),
  },
  {
    method: 'DELETE',
    template: '/v1/webhooks/endpoints/{endpointId}',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: async (_s, cast) => ({ path: `/v1/webhooks/endpoints/${await endpointOf(cast)}` }),
  },
  {
    method: 'POST',
    template: '/v1/webhooks/endpoints/{endpointId}/rotate-secret',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: async (_s, cast) => ({ path: `/v1/webhooks/endpoints/${await endpointOf(cast)}/rotate-secret`, body: {} }),
  },
  {
    method: 'GET',
    template: '/v1/webhooks/endpoints/{endpointId}/messages',
    allowed: staff,
    success: 200,
    mutates: false,
    cell: () => ({ path: `/v1/webhooks/endpoints/${sharedEndpoint}/messages` }),
  },
  {
    method: 'GET',
    template: '/v1/webhooks/endpoints/{endpointId}/messages/{messageId}',
    allowed: staff,
    success: 200,
    mutates: false,
    cell: () => ({ path: `/v1/webhooks/endpoints/${sharedEndpoint}/messages/${sharedWebhookMessage}` }),
  },
  {
    method: 'POST',
    template: '/v1/webhooks/endpoints/{endpointId}/messages/{messageId}/replay',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: async (_s, cast) => {
      const endpointId = await endpointOf(cast, ['group.registered']);
      const messageId = await webhookMessageOf(cast, endpointId);
      return { path: `/v1/webhooks/endpoints/${endpointId}/messages/${messageId}/replay` };
    },
  },
  {
    method: 'POST',
    template: '/v1/webhooks/endpoints/{endpointId}/replay',
    allowed: staff,
    success: 200,
    mutates: true,
    cell: async (_s, cast) => ({
      path: `/v1/webhooks/endpoints/${await endpointOf(cast)}/replay`,
      body: { since: '2026-01-01T00:00:00Z' },
    }),
  },
);

/** Routes whose credential is not an API key: a secret in the URL, or a signature (TSB's inbound webhooks). */
const PUBLIC_ROUTES = [
  { method: 'GET', template: '/v1/calendar/feeds/{token}.ics' },
  { method: 'POST', template: '/v1/webhooks/tsb' },
  // Sign-in: the e-mail link's token is the credential (sessions.int-spec).
  { method: 'POST', template: '/v1/session/link' },
  { method: 'POST', template: '/v1/session' },
];

let tsbKey: string;
let sharedMeetingId: string;
let sharedBodyMeeting: string;
let sharedEndpoint: string;
let sharedWebhookMessage: string;
let shared: Scene;

/** A browser session: its cookie, and the CSRF token every change made in it carries. */
interface Session {
  cookie: string;
  csrf: string;
}
/** What a request is sent with: an API key, a session, or nothing. */
interface Credential {
  key?: string;
  session?: Session;
}

const TWIN: Partial<Record<Role, KeyRole>> = { participantSession: 'participant', convenorSession: 'convenor' };
const isSuspended = (role: Role) => role === 'suspended' || role === 'suspendedSession';

/** The answer a role gets from a route. */
function expectedStatus(route: Route, role: Role): number {
  if (role === 'anonymous') return 401;
  // R1: a suspended participant is still someone (the routes for any valid key, the only ones a
  // co-convenor of another group may call too), but opens nothing of the group.
  if (isSuspended(role)) return route.allowed.includes('convenorOfAnotherGroup') ? route.success : 403;
  return (route.allowed as Role[]).includes(TWIN[role] ?? role) ? route.success : 403;
}

/** The ids in a route's path, other than its group's, that name something of the group. */
const memberIds = (route: Route) => (route.template.match(/\{\w+Id\}/g) ?? []).filter((p) => p !== '{groupId}');

describe('authorization matrix: every route of the API, for every role', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let cast: MembershipCast;
  let client: BullMqClient;
  /** Another group, with its participant and co-convenor. */
  let other: Scene;

  beforeAll(async () => {
    env = await createTestEnvironment('authz');
    system = new TestSystem(env);
    const membership = await system.start('membership');
    await system.start('notifications', {
      extra: {
        webhooks: {
          allowLoopback: true,
          inboundSecrets: ['whsec_' + Buffer.from('matrix-inbound-secret-0123456789').toString('base64')],
        },
      },
    });
    await system.start('meetings', { clock });
    await system.start('reporting');
    agendaApp = await system.start('agenda', { clock });
    const api = await system.start('api');
    client = api.get(BullMqClient);
    cast = new MembershipCast(Http.of(api), await createKey(membership, { kind: 'admin' }));
    tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });
    other = await cast.scene();
    shared = await cast.scene();
    sharedMeetingId = await meetingOf(shared, cast, shared.convenorKey);
    sharedBodyMeeting = await bodyMeetingOf(cast);
    await agendaOf(shared, cast, sharedMeetingId);
    sharedEndpoint = await endpointOf(cast, ['group.registered']);
    sharedWebhookMessage = await webhookMessageOf(cast, sharedEndpoint);
    // In the shared scene the suspended participant is a co-convenor too: the role opens nothing either.
    suspendedByScene.set(shared, suspendIn(shared, true));
    const me = await send('GET', '/v1/me', { key: (await suspendedOf(shared)).key });
    expect(me.body).toMatchObject({ role: 'co-convenor', status: 'suspended', groupId: shared.group.id });
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  /**
   * Opens a session for the participant as `POST /v1/session` does once the mailed link's token is
   * redeemed (sessions.int-spec signs in through the mail itself; the matrix skips the mail).
   */
  async function openSession(participantId: string): Promise<Session> {
    const sessionId = uuidv7();
    const secret = newSecret();
    await client.request('membership.sessions.open', {
      sessionId,
      secretHash: secretHash(secret),
      participantId,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      linkCreatedAt: new Date().toISOString(),
    });
    return { cookie: `${SESSION_COOKIE}=${sessionId}.${secret}`, csrf: csrfTokenOf(secret) };
  }

  const sessions = new Map<string, Promise<Session>>();
  function sessionOf(participantId: string): Promise<Session> {
    if (!sessions.has(participantId)) sessions.set(participantId, openSession(participantId));
    return sessions.get(participantId)!;
  }

  /** A participant of the scene's group with a key and a session, then suspended: their organization stops qualifying (R1). */
  async function suspendIn(scene: Scene, asConvenor = false): Promise<{ key: string; session: Session }> {
    const organization = await cast.organization(['SG20']);
    await cast.admit(scene.group.id, organization.id);
    const person = await cast.participant(scene.group.id, organization.id);
    if (asConvenor) await cast.appoint(scene.group.id, 'SG20', person.id);
    const key = await cast.key({ kind: 'participant', participantId: person.id });
    const session = await openSession(person.id);
    const lost = await cast.http.call('PUT', `/v1/organizations/${organization.id}/participation`, {
      key: cast.adminKey,
      body: { studyGroups: ['SG13'] },
    });
    if (lost.status !== 200) throw new Error(`suspension: ${lost.status} ${lost.text}`);
    return { key, session };
  }

  const suspendedByScene = new Map<Scene, Promise<{ key: string; session: Session }>>();
  function suspendedOf(scene: Scene): Promise<{ key: string; session: Session }> {
    if (!suspendedByScene.has(scene)) suspendedByScene.set(scene, suspendIn(scene));
    return suspendedByScene.get(scene)!;
  }

  /** Each role's credential in the scene; a route that ends its session gets a session of its own. */
  async function credentialOf(role: Role, scene: Scene, route?: Route): Promise<Credential> {
    const own = route?.endsSession === true;
    switch (role) {
      case 'anonymous':
        return {};
      case 'participant':
        return { key: scene.participantKey };
      case 'convenorOfAnotherGroup':
        return { key: other.convenorKey };
      case 'convenor':
        return { key: scene.convenorKey };
      case 'tsb':
        return { key: tsbKey };
      case 'admin':
        return { key: cast.adminKey };
      case 'participantSession':
        return { session: await (own ? openSession : sessionOf)(scene.participant.id) };
      case 'convenorSession':
        return { session: await (own ? openSession : sessionOf)(scene.convenor.id) };
      case 'suspended':
        return { key: (await suspendedOf(scene)).key };
      case 'suspendedSession':
        return { session: (await (own ? suspendIn(scene) : suspendedOf(scene))).session };
    }
  }

  /** Sends a request with a credential: a session's cookie, and its CSRF token on a change unless `csrf` is false. */
  function send(method: string, path: string, credential: Credential, cell: Omit<Cell, 'path'> = {}, csrf = true) {
    const session = credential.session;
    return cast.http.call(method, path, {
      key: credential.key,
      body: cell.body,
      rawBody: cell.rawBody,
      headers: {
        ...cell.headers,
        ...(session ? { cookie: session.cookie } : {}),
        ...(session && csrf && method !== 'GET' ? { [CSRF_HEADER]: session.csrf } : {}),
      },
    });
  }

  /**
   * The scene a cell runs in: the shared one for routes that change nothing; a new one for each
   * cell that changes something; one per route for the refused cells (refused before anything runs).
   */
  const refusedScenes = new Map<Route, Promise<Scene>>();
  function sceneFor(route: Route, expected: number): Promise<Scene> {
    if (!route.mutates) return Promise.resolve(shared);
    if (expected < 400) return cast.scene();
    if (!refusedScenes.has(route)) refusedScenes.set(route, cast.scene());
    return refusedScenes.get(route)!;
  }

  it('lists every route the API serves', async () => {
    const doc = (await cast.http.get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json')).body;
    const served = Object.entries(doc.paths)
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`))
      .filter((r) => r.includes(' /v1/'))
      .sort();
    expect([...ROUTES, ...PUBLIC_ROUTES].map((r) => `${r.method} ${r.template}`).sort()).toEqual(served);
  });

  it.each(ROLES)('GET /v1/calendar/feeds/{token}.ics as %s: the token decides, not the credential', async (role) => {
    const issued = await cast.http.post<{ url: string }>(
      `/v1/groups/${shared.group.id}/participants/${shared.participant.id}/calendar-feed`,
      {},
      cast.adminKey,
    );
    const credential = await credentialOf(role, shared);
    expect((await send('GET', issued.body.url, credential)).status).toBe(200);
    const unknown = await send('GET', `/v1/calendar/feeds/${'A'.repeat(43)}.ics`, credential);
    expect(unknown.status).toBe(404);
  });

  it.each(ROLES)('POST /v1/webhooks/tsb as %s: the signature decides, not the credential', async (role) => {
    const body = JSON.stringify({
      type: 'body-meeting.cancelled',
      timestamp: new Date().toISOString(),
      data: { reference: 'X' },
    });
    const unsigned = await send('POST', '/v1/webhooks/tsb', await credentialOf(role, shared), { rawBody: body });
    expect([unsigned.status, unsigned.contentType]).toEqual([401, 'application/problem+json; charset=utf-8']);
  });

  describe.each(ROUTES.map((r) => [`${r.method} ${r.template}`, r] as const))('%s', (_name, route) => {
    it.each(ROLES)('as %s', async (role) => {
      clock.set(new Date());
      const expected = expectedStatus(route, role);
      const scene = await sceneFor(route, expected);
      const { path, ...cell } = await route.cell(scene, cast);
      const credential = await credentialOf(role, scene, route);
      if (credential.session && route.method !== 'GET') {
        // Whoever may make the change, a session makes none without its CSRF token.
        const forged = await send(route.method, path, credential, cell, false);
        expect([forged.status, (forged.body as { code?: string }).code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
      }
      const result = await send(route.method, path, credential, cell);
      expect({ role, status: result.status, body: result.status === expected ? undefined : result.text }).toEqual({
        role,
        status: expected,
        body: undefined,
      });
      if (expected >= 400) expect(result.contentType).toMatch(/^application\/problem\+json/);
      if (expected === 403) expect((result.body as { detail: string }).detail).toMatch(/^This route is for: /);
      if (isSuspended(role) && expected < 400) {
        // Who they are, and the bodies' meetings: nothing of the group (GET /v1/groups lists none).
        expect(result.text).not.toContain(scene.group.acronym);
        expect(result.text).not.toContain(scene.group.mailingList);
        const principal = (result.body as { principal?: Principal }).principal ?? (result.body as Principal);
        if (route.template === '/v1/me' || route.template === '/v1/session')
          expect(principal).toMatchObject({ kind: 'participant', status: 'suspended' });
      }
    });

    if (route.method === 'GET' && route.template.includes('{groupId}')) {
      it('as a participant of another group: refused (a co-convenor of another group is a role above)', async () => {
        const { path, ...cell } = await route.cell(shared, cast);
        for (const credential of [{ key: other.participantKey }, { session: await sessionOf(other.participant.id) }]) {
          const result = await send(route.method, path, credential, cell);
          expect({ status: result.status, type: result.contentType }).toEqual({
            status: 403,
            type: 'application/problem+json; charset=utf-8',
          });
        }
      });
    }

    if (route.template.startsWith('/v1/groups/{groupId}/') && memberIds(route).length > 0) {
      it(`from another group's own path with this group's ${memberIds(route).join(', ')}: refused`, async () => {
        clock.set(new Date());
        const scene = await sceneFor(route, 403);
        const { path, ...cell } = await route.cell(scene, cast);
        const foreign = path.replaceAll(scene.group.id, other.group.id);
        const credentials: Credential[] = [{ key: other.convenorKey }, { key: other.participantKey }];
        for (const credential of credentials) {
          const result = await send(route.method, foreign, credential, cell);
          expect({ status: [403, 404].includes(result.status), text: result.text }).toEqual({
            status: true,
            text: expect.not.stringContaining(scene.group.id) as unknown,
          });
          expect(result.contentType).toMatch(/^application\/problem\+json/);
        }
      });
    }
  });
});
