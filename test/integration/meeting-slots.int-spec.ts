import { createTestEnvironment, type TestEnvironment } from '@jcg/testing';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

const DAY = 24 * 3600_000;
/** Seven zones from UTC-8 to UTC+12:45 (Chatham; +13:45 in its summer). */
const ZONES: [string, number][] = [
  ['America/Los_Angeles', 2],
  ['America/New_York', 1],
  ['Europe/Zurich', 3],
  ['Africa/Nairobi', 1],
  ['Asia/Kolkata', 2],
  ['Asia/Tokyo', 1],
  ['Pacific/Chatham', 1],
];

interface Slots {
  participants: number;
  zones: { timeZone: string; participants: number }[];
  earliestStart: string;
  slots: {
    startsAt: string;
    endsAt: string;
    inside: number;
    outside: number;
    zones: { timeZone: string; inside: boolean }[];
  }[];
}

/** Each participant judged alone, by the platform's own Intl: an exhaustive search at 15-minute steps. */
function bestInside(timeZones: string[], minutes: number, from: number, to: number): number {
  let best = 0;
  for (let t = Math.ceil(from / 900_000) * 900_000; t + minutes * 60_000 <= to; t += 900_000) {
    const inside = timeZones.filter((zone) => {
      const local = (ms: number) => new Date(new Date(ms).toLocaleString('en-US', { timeZone: zone }));
      const s = local(t);
      const e = local(t + minutes * 60_000);
      const sm = s.getHours() * 60 + s.getMinutes();
      const em = e.getHours() * 60 + e.getMinutes();
      return s.toDateString() === e.toDateString() && sm >= 420 && em <= 1320 && em > sm;
    }).length;
    best = Math.max(best, inside);
  }
  return best;
}

describe('meeting planner: slot suggestions through the API', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let http: Http;
  let cast: MembershipCast;
  let scene: Awaited<ReturnType<MembershipCast['scene']>>;
  const timeZones: string[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('slots');
    system = new TestSystem(env);
    const membership = await system.start('membership');
    await system.start('meetings');
    http = Http.of(await system.start('api'));
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    scene = await cast.scene();
    timeZones.push('Europe/Zurich', 'Europe/Zurich'); // the scene's participant and co-convenor
    let n = 0;
    for (const [zone, count] of ZONES) {
      for (let i = 0; i < count; i++) {
        const made = await http.post(
          `/v1/groups/${scene.group.id}/participants`,
          {
            organizationId: scene.organization.id,
            name: `Planner ${n}`,
            email: `planner.${n++}@example.org`,
            timeZone: zone,
          },
          cast.adminKey,
        );
        if (made.status !== 201) throw new Error(made.text);
        timeZones.push(zone);
      }
    }
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  const slots = (query: string, key = scene.convenorKey) =>
    http.get<Slots>(`/v1/groups/${scene.group.id}/meeting-slots?${query}`, key);

  it('suggests the slots that put the most participants inside 07:00-22:00 local, as an exhaustive search finds', async () => {
    const from = new Date(Date.now() + 30 * DAY).toISOString();
    const to = new Date(Date.now() + 32 * DAY).toISOString();
    const answer = await slots(`durationMinutes=90&from=${from}&to=${to}&limit=3`);
    expect(answer.status).toBe(200);
    expect(answer.body.participants).toBe(timeZones.length);
    expect(answer.body.zones).toHaveLength(7);
    expect(answer.body.slots).toHaveLength(3);
    const [best] = answer.body.slots;
    expect(best.inside).toBe(bestInside(timeZones, 90, Date.parse(from), Date.parse(to)));
    expect(best.inside + best.outside).toBe(timeZones.length);
    expect(Date.parse(best.endsAt) - Date.parse(best.startsAt)).toBe(90 * 60_000);
    expect(new Date(best.startsAt).getUTCMinutes() % 15).toBe(0);
    // Participants (any member) and TSB may ask too; the answer names zones, never people.
    expect((await slots(`durationMinutes=90&from=${from}&to=${to}`, scene.participantKey)).status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain('planner.');
  });

  it('never suggests a start a proposal made now could not have (R4: the announcement lead)', async () => {
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 10 * DAY).toISOString();
    const answer = await slots(`durationMinutes=60&from=${from}&to=${to}`);
    expect(Date.parse(answer.body.earliestStart)).toBeGreaterThanOrEqual(Date.now() + 7 * DAY);
    expect(answer.body.slots.length).toBeGreaterThan(0);
    for (const slot of answer.body.slots)
      expect(Date.parse(slot.startsAt)).toBeGreaterThanOrEqual(Date.parse(answer.body.earliestStart));
    // A range that ends before that: nothing to suggest.
    const early = await slots(`durationMinutes=60&from=${from}&to=${new Date(Date.now() + 3 * DAY).toISOString()}`);
    expect(early.body.slots).toEqual([]);
  });

  it('refuses a bad range or length with 400 problem+json, and an unknown group with 404', async () => {
    const t = (days: number) => new Date(Date.now() + days * DAY).toISOString();
    for (const query of [
      `durationMinutes=10&from=${t(30)}&to=${t(31)}`,
      `durationMinutes=60&from=${t(31)}&to=${t(30)}`,
      `durationMinutes=60&from=${t(30)}&to=${t(70)}`,
      `durationMinutes=sixty&from=${t(30)}&to=${t(31)}`,
      `durationMinutes=60&from=tomorrow&to=${t(31)}`,
      `durationMinutes=60&from=${t(30)}`,
    ]) {
      const refused = await slots(query);
      expect([query, refused.status, refused.contentType]).toEqual([
        query,
        400,
        'application/problem+json; charset=utf-8',
      ]);
    }
    const unknown = await http.get(
      `/v1/groups/00000000-0000-7000-8000-000000000000/meeting-slots?durationMinutes=60&from=${t(30)}&to=${t(31)}`,
      cast.adminKey,
    );
    expect(unknown.status).toBe(404);
  });
});
