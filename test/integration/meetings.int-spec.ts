import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { Meeting } from '@jcg/contracts';
import { FixedClock } from '@jcg/persistence';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem, queriesAnswered } from '../support/test-system';

const NOW = new Date('2026-12-01T09:00:00Z');
const DAY = 24 * 3600_000;
const MINUTE = 60_000;
const at = (ms: number) => new Date(ms).toISOString();

describe('meetings: propose, concur, provision, announce, move, cancel (R3, R4, R5)', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let meetings: NestFastifyApplication;
  let cast: MembershipCast;
  let http: Http;
  const clock = new FixedClock(NOW);
  let scene: Awaited<ReturnType<MembershipCast['scene']>>;
  let secondKey: string;
  let tsbKey: string;

  beforeAll(async () => {
    env = await createTestEnvironment('meetings');
    system = new TestSystem(env);
    const membership = await system.start('membership');
    meetings = await system.start('meetings', { clock });
    await system.start('agenda', { clock });
    const api = await system.start('api');
    http = Http.of(api);
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });
    scene = await cast.scene();
    const second = await cast.participant(scene.group.id, scene.organization.id, 'Second Convenor');
    await cast.appoint(scene.group.id, 'SG20', second.id);
    secondKey = await cast.key({ kind: 'participant', participantId: second.id });
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  beforeEach(() => clock.set(NOW));

  const base = () => `/v1/groups/${scene.group.id}/meetings`;
  /** The events requests caused (timers, such as a passed deadline's notice, come on their own). */
  const outboxTypes = async () =>
    (
      await meetings
        .get(DataSource)
        .query<{ type: string }[]>(
          `SELECT type FROM meetings.outbox WHERE type NOT IN ('meeting.announcement-missed', 'meeting.announcement-reminder') ORDER BY id`,
        )
    ).map((r) => r.type);

  async function proposed(startsInMs = 14 * DAY, key = scene.convenorKey): Promise<Meeting> {
    const result = await http.post<Meeting>(
      base(),
      {
        title: 'IoT security e-meeting',
        startsAt: at(NOW.getTime() + startsInMs),
        endsAt: at(NOW.getTime() + startsInMs + 2 * 3600_000),
      },
      key,
    );
    if (result.status !== 201) throw new Error(`propose: ${result.status} ${result.text}`);
    return result.body;
  }

  async function ready(startsInMs = 14 * DAY): Promise<Meeting> {
    const meeting = await proposed(startsInMs);
    await http.post(`${base()}/${meeting.id}/concurrence`, {}, secondKey);
    await http.call('PUT', `${base()}/${meeting.id}/join-details`, {
      key: tsbKey,
      body: { url: 'https://meetings.example.int/j/42', meetingNumber: '42' },
    });
    await cast.draftAgenda(scene.group.id, meeting.id);
    return meeting;
  }

  it('goes through the whole lifecycle, raising the SEQUENCE with each change once announced', async () => {
    const meeting = await proposed();
    expect(meeting).toMatchObject({
      state: 'proposed',
      timeZone: 'Europe/Zurich',
      tool: 'mymeetings',
      sequence: 0,
      proposedBy: scene.convenor.id,
      announcementDeadline: at(NOW.getTime() + 7 * DAY),
      calendarUid: `${meeting.id}@meetings.jcg`,
    });
    // Only the other co-convenor can concur (R3).
    expect((await http.post(`${base()}/${meeting.id}/concurrence`, {}, scene.convenorKey)).body).toMatchObject({
      status: 422,
      code: 'NOT_A_CO_CONVENOR',
    });
    const agreed = await http.post<Meeting>(`${base()}/${meeting.id}/concurrence`, {}, secondKey);
    expect(agreed.body).toMatchObject({ state: 'agreed', concurredBy: [expect.any(String)] });

    const agenda = await waitFor(async () => {
      const r = await http.get<{ label: string; items: { title: string }[] }>(
        `${base()}/${meeting.id}/agenda`,
        scene.participantKey,
      );
      return r.status === 200 ? r.body : undefined;
    }, 'the draft agenda');
    expect(agenda.label).toBe('draft');
    expect(agenda.items.map((i) => i.title)).toEqual([
      'Opening of the meeting',
      'Adoption of the agenda',
      'Any other business',
      'Next meeting',
      'Closing',
    ]);
    expect((await http.post(`${base()}/${meeting.id}/announcement`, {}, scene.convenorKey)).body).toMatchObject({
      status: 422,
      code: 'JOIN_DETAILS_MISSING',
    });
    const provisioned = await http.call<Meeting>('PUT', `${base()}/${meeting.id}/join-details`, {
      key: tsbKey,
      body: { url: 'https://meetings.example.int/j/42' },
    });
    expect(provisioned.body).toMatchObject({ joinDetails: { url: 'https://meetings.example.int/j/42' }, sequence: 0 });

    const announced = await http.post<Meeting>(`${base()}/${meeting.id}/announcement`, {}, scene.convenorKey);
    expect(announced.status).toBe(200);
    expect(announced.body).toMatchObject({ state: 'announced', announcedAt: NOW.toISOString(), sequence: 0 });
    const [event] = await meetings
      .get(DataSource)
      .query<{ envelope: { data: { agenda: { label: string } } } }[]>(
        `SELECT envelope FROM meetings.outbox WHERE type = 'meeting.announced' AND envelope->'data'->'meeting'->>'id' = $1`,
        [meeting.id],
      );
    expect(event?.envelope.data.agenda.label).toBe('draft');

    const moved = await http.call<Meeting>('PUT', `${base()}/${meeting.id}/schedule`, {
      key: scene.convenorKey,
      body: { startsAt: at(NOW.getTime() + 15 * DAY), endsAt: at(NOW.getTime() + 15 * DAY + 3600_000) },
    });
    expect(moved.body).toMatchObject({
      state: 'announced',
      sequence: 1,
      startsAt: at(NOW.getTime() + 15 * DAY),
      announcementDeadline: at(NOW.getTime() + 8 * DAY),
    });
    const cancelled = await http.post<Meeting>(`${base()}/${meeting.id}/cancellation`, {}, tsbKey);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', sequence: 2, calendarUid: meeting.calendarUid });
    expect((await http.post(`${base()}/${meeting.id}/cancellation`, {}, tsbKey)).body).toMatchObject({
      status: 409,
      code: 'MEETING_WRONG_STATE',
    });
  });

  it('refuses to announce 7 days minus 1 minute before the start (422, nothing sent); accepts 7 days plus 1 minute', async () => {
    const start = NOW.getTime() + 10 * DAY;
    const late = await ready(10 * DAY);
    const early = await ready(10 * DAY);

    clock.set(new Date(start - 7 * DAY + MINUTE));
    const before = await outboxTypes();
    const refused = await http.post(`${base()}/${late.id}/announcement`, {}, scene.convenorKey);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'TOO_LATE_TO_ANNOUNCE', announcementDeadline: at(start - 7 * DAY) });
    expect(await outboxTypes()).toEqual(before);
    expect((await http.get<Meeting>(`${base()}/${late.id}`, scene.convenorKey)).body.state).toBe('agreed');

    clock.set(new Date(start - 7 * DAY - MINUTE));
    const accepted = await http.post<Meeting>(`${base()}/${early.id}/announcement`, {}, scene.convenorKey);
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('announced');
  });

  it('judges moving an announced meeting against the new start', async () => {
    const meeting = await ready(10 * DAY);
    await http.post(`${base()}/${meeting.id}/announcement`, {}, scene.convenorKey);
    const tooSoon = await http.call('PUT', `${base()}/${meeting.id}/schedule`, {
      key: scene.convenorKey,
      body: { startsAt: at(NOW.getTime() + 6 * DAY), endsAt: at(NOW.getTime() + 6 * DAY + 3600_000) },
    });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body).toMatchObject({ code: 'TOO_LATE_TO_ANNOUNCE' });
    expect((await http.get<Meeting>(`${base()}/${meeting.id}`, scene.convenorKey)).body).toMatchObject({
      sequence: 0,
      startsAt: meeting.startsAt,
    });
  });

  it('refuses bad input with the right 4xx problem and sends nothing', async () => {
    const before = await outboxTypes();
    const start = NOW.getTime() + 14 * DAY;
    const propose = (body: Record<string, unknown>, key = scene.convenorKey) =>
      http.post(base(), { title: 'Bad', startsAt: at(start), endsAt: at(start + 3600_000), ...body }, key);
    const cases: [string, Promise<{ status: number; body: unknown; contentType: string }>, number, string][] = [
      [
        'start in the past',
        propose({ startsAt: at(NOW.getTime() - DAY), endsAt: at(NOW.getTime() - DAY + 3600_000) }),
        422,
        'START_IN_PAST',
      ],
      [
        'start too soon to announce',
        propose({ startsAt: at(NOW.getTime() + 6 * DAY), endsAt: at(NOW.getTime() + 6 * DAY + 3600_000) }),
        422,
        'TOO_LATE_TO_ANNOUNCE',
      ],
      ['end before start', propose({ endsAt: at(start - 3600_000) }), 400, 'INVALID_REQUEST'],
      ['longer than 24 h', propose({ endsAt: at(start + 25 * 3600_000) }), 400, 'INVALID_REQUEST'],
      ['unknown time zone', propose({ timeZone: 'Europe/Atlantis' }), 400, 'INVALID_REQUEST'],
      ['tool not supported', propose({ tool: 'carrier-pigeon' }), 422, 'TOOL_NOT_SUPPORTED'],
      [
        'join URL not https',
        propose({ joinDetails: { url: 'http://meetings.example.int/j/1' } }),
        400,
        'INVALID_REQUEST',
      ],
      ['a participant, not a co-convenor', propose({}, scene.participantKey), 403, 'FORBIDDEN'],
    ];
    for (const [label, promise, status, code] of cases) {
      const result = await promise;
      expect({
        label,
        status: result.status,
        code: (result.body as { code?: string }).code,
        problem: /problem\+json/.test(result.contentType),
      }).toEqual({
        label,
        status,
        code,
        problem: true,
      });
    }
    expect(await outboxTypes()).toEqual(before);
  });

  it('cannot announce a meeting whose announcement deadline passed unannounced', async () => {
    const meeting = await ready(10 * DAY);
    clock.set(new Date(NOW.getTime() + 3 * DAY + MINUTE));
    const refused = await http.post(`${base()}/${meeting.id}/announcement`, {}, scene.convenorKey);
    expect(refused.body).toMatchObject({ status: 422, code: 'TOO_LATE_TO_ANNOUNCE' });
  });

  it('refuses new meetings once the parent concluded the group (R7)', async () => {
    const other = await cast.scene();
    expect(
      (
        await http.post(
          `/v1/groups/${other.group.id}/conclusion`,
          { decidedOn: '2026-11-30', reference: 'TSAG-R12' },
          tsbKey,
        )
      ).status,
    ).toBe(201);
    const refused = await waitFor(async () => {
      const r = await http.post(
        `/v1/groups/${other.group.id}/meetings`,
        { title: 'Too late', startsAt: at(NOW.getTime() + 14 * DAY), endsAt: at(NOW.getTime() + 14 * DAY + 3600_000) },
        other.convenorKey,
      );
      return r.status === 409 ? r : undefined;
    }, 'meetings to learn of the conclusion');
    expect(refused.body).toMatchObject({ code: 'GROUP_CONCLUDED' });
  });

  it("answers a group's meetings from the API's copy while meetings changes nothing; a change it confirmed is seen at once", async () => {
    const asked = () => queriesAnswered(system, meetings, 'meetings.meetings.list');
    const list = () => http.get<{ items: Meeting[] }>(base(), scene.participantKey);
    const first = await list();
    expect(first.status).toBe(200);
    const before = await asked();
    for (let i = 0; i < 3; i++) expect((await list()).body).toEqual(first.body);
    expect(await asked()).toBe(before); // all three from the copy

    // A command's answer comes back after meetings moved its change mark: the next read asks again.
    const meeting = await proposed();
    const after = await list();
    expect(after.body.items.map((m) => m.id)).toContain(meeting.id);
    expect(await asked()).toBe(before + 1);

    // One meeting, the same way: kept, then its change seen on the very next read.
    const one = () => http.get<Meeting>(`${base()}/${meeting.id}`, scene.participantKey);
    expect((await one()).body).toMatchObject({ state: 'proposed' });
    const askedOne = await queriesAnswered(system, meetings, 'meetings.meetings.get');
    expect((await one()).body).toMatchObject({ state: 'proposed' });
    expect(await queriesAnswered(system, meetings, 'meetings.meetings.get')).toBe(askedOne);
    expect((await http.post(`${base()}/${meeting.id}/concurrence`, {}, secondKey)).status).toBe(200);
    expect((await one()).body).toMatchObject({ state: 'agreed' });
    expect((await list()).body.items.find((m) => m.id === meeting.id)).toMatchObject({ state: 'agreed' });

    // A refusal is never kept: the next read asks again.
    const missing = `${base()}/00000000-0000-4000-8000-000000000000`;
    expect((await http.get(missing, scene.participantKey)).status).toBe(404);
    const askedMissing = await queriesAnswered(system, meetings, 'meetings.meetings.get');
    expect((await http.get(missing, scene.participantKey)).status).toBe(404);
    expect(await queriesAnswered(system, meetings, 'meetings.meetings.get')).toBe(askedMissing + 1);
  });
});
