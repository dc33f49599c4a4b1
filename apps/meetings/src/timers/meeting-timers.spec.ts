import type { Meeting } from '@jcg/contracts';
import { meetingTimerPlan } from './meeting-timers.js';

const DAY = 24 * 3600_000;
const start = Date.parse('2026-12-20T13:00:00Z');
const meeting = (overrides: Partial<Meeting> = {}): Meeting => ({
  id: '0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c',
  groupId: '0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2d',
  title: 'Plan',
  startsAt: new Date(start).toISOString(),
  endsAt: new Date(start + 3600_000).toISOString(),
  timeZone: 'Europe/Zurich',
  tool: 'mymeetings',
  joinDetails: null,
  state: 'agreed',
  proposedBy: null,
  concurredBy: [],
  announcementDeadline: new Date(start - 7 * DAY).toISOString(),
  announceAt: null,
  announcedAt: null,
  calendarUid: 'x@meetings.jcg',
  sequence: 0,
  version: 3,
  record: null,
  ...overrides,
});

describe('meetingTimerPlan (R4)', () => {
  it('plans both reminders and the deadline while the meeting is unannounced', () => {
    const plan = meetingTimerPlan(meeting(), new Date(start - 20 * DAY));
    expect(plan.map((p) => [p.key.split(':').at(-1), p.kind, p.dueAt.toISOString()])).toEqual([
      ['reminder-3d', 'meeting.reminder', '2026-12-10T13:00:00.000Z'],
      ['reminder-1d', 'meeting.reminder', '2026-12-12T13:00:00.000Z'],
      ['deadline', 'meeting.deadline', '2026-12-13T13:00:00.000Z'],
    ]);
  });

  it('adds the automatic announcement at the instant asked for', () => {
    const announceAt = '2026-12-11T08:00:00.000Z';
    const plan = meetingTimerPlan(meeting({ announceAt }), new Date(start - 20 * DAY));
    expect(plan.find((p) => p.kind === 'meeting.announce')).toMatchObject({
      dueAt: new Date(announceAt),
      payload: { at: announceAt },
    });
  });

  it('leaves out reminders already past when planned, never the deadline', () => {
    const plan = meetingTimerPlan(meeting(), new Date(start - 8 * DAY - 3600_000));
    expect(plan.map((p) => p.key.split(':').at(-1))).toEqual(['reminder-1d', 'deadline']);
    expect(meetingTimerPlan(meeting(), new Date(start - 7 * DAY + 1)).map((p) => p.kind)).toEqual(['meeting.deadline']);
  });

  it('plans nothing once announced, cancelled or held', () => {
    for (const state of ['announced', 'cancelled', 'held', 'closed'] as const) {
      expect(
        meetingTimerPlan(meeting({ state, announceAt: '2026-12-11T08:00:00.000Z' }), new Date(start - 20 * DAY)),
      ).toEqual([]);
    }
  });
});
