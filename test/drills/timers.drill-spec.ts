import type { Meeting } from '@jcg/contracts';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { DAY, startDrillSystem, type DrillSystem } from './drill-system';

const at = (ms: number) => new Date(ms).toISOString();
const sleepUntil = (instant: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, instant - Date.now())));

/**
 * c. meetings is down (killed) while a meeting's automatic announcement falls due. After the
 * restart it is announced if that is still before its deadline; else the co-convenors are told
 * it was not. Real time, real processes: the meeting starts a week and some seconds ahead.
 */
describe('drills: a timer falls due while meetings is down', () => {
  let env: TestEnvironment;
  let system: DrillSystem | undefined;

  beforeEach(async () => {
    env = await createTestEnvironment('drilltimer');
    // The margin an automatic announcement keeps before the deadline: seconds here, for a drill in seconds.
    system = await startDrillSystem(env, { serviceEnv: { meetings: { AUTO_ANNOUNCE_MARGIN_MS: '2000' } } });
  });

  afterEach(async () => {
    await system?.stop();
    system = undefined;
    await env.cleanup();
  });

  async function scheduled(
    deadlineIn: number,
  ): Promise<{ meeting: Meeting; scene: Awaited<ReturnType<DrillSystem['cast']['scene']>>; announceAt: number }> {
    const { cast, http } = system!;
    const scene = await cast.scene();
    // notifications must know the co-convenor (it mails them) before the drill.
    await waitFor(
      async () =>
        (
          await system!.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND role = 'co-convenor'`,
            [scene.group.id],
          )
        ).rows[0].n === 1,
      'the co-convenor in the roster',
    );
    const start = Date.now() + 7 * DAY + deadlineIn;
    const meeting = await cast.meeting(scene, 'Timed', start, {
      joinDetails: { url: 'https://meetings.example.int/j/c' },
    });
    const announceAt = Date.now() + 8000;
    const set = await http.call<Meeting>(
      'PUT',
      `/v1/groups/${scene.group.id}/meetings/${meeting.id}/announcement-time`,
      {
        key: scene.convenorKey,
        body: { announceAt: at(announceAt) },
      },
    );
    expect(set.status).toBe(200);
    return { meeting, scene, announceAt };
  }

  it('restarted before the deadline: the meeting is announced', async () => {
    const { drill, http, sink } = system!;
    const { meeting, scene, announceAt } = await scheduled(60_000);
    await drill.kill('meetings');
    await sleepUntil(announceAt + 5000);
    await drill.start('meetings');
    const announced = await waitFor(
      async () => {
        const m = await http.get<Meeting>(`/v1/groups/${scene.group.id}/meetings/${meeting.id}`, scene.convenorKey);
        return m.body.state === 'announced' ? m.body : undefined;
      },
      'the late automatic announcement',
      60_000,
    );
    expect(Date.parse(announced.announcedAt!)).toBeLessThanOrEqual(Date.parse(announced.announcementDeadline));
    await waitFor(
      () =>
        sink.messages.some(
          (m) => m.envelopeTo.includes(scene.group.mailingList) && m.subject.includes('Meeting announcement'),
        ) || undefined,
      'the announcement mail',
    );
  });

  it('restarted after the deadline: not announced, and the co-convenors are told so, once', async () => {
    const { drill, http, sink } = system!;
    const { meeting, scene } = await scheduled(20_000);
    await drill.kill('meetings');
    await sleepUntil(Date.parse(meeting.announcementDeadline) + 3000);
    await drill.start('meetings');
    const notice = await waitFor(
      () => sink.messages.find((m) => m.subject.startsWith(`[${scene.group.acronym}] Not announced: "Timed"`)),
      'the missed-announcement notice',
      60_000,
    );
    expect(notice.envelopeTo).toEqual([scene.convenor.email]);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(sink.messages.filter((m) => m.subject.includes('Not announced'))).toHaveLength(1);
    expect(sink.messages.filter((m) => m.envelopeTo.includes(scene.group.mailingList))).toEqual([]);
    expect(
      (await http.get<Meeting>(`/v1/groups/${scene.group.id}/meetings/${meeting.id}`, scene.convenorKey)).body.state,
    ).toBe('agreed');
  });
});
