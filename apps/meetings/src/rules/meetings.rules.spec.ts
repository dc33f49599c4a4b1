import { announcementDeadline, canStillAnnounce, reminderTimes } from './announcement.rule.js';
import { concurrenceComplete, meetingTransition } from './meeting-lifecycle.rule.js';

const start = new Date('2026-12-15T13:00:00Z');
const minute = 60_000;
const week = 7 * 24 * 3600_000;

describe('R4 one-week announcement', () => {
  it('puts the deadline exactly the lead time before the start', () => {
    expect(announcementDeadline(start, 7).toISOString()).toBe('2026-12-08T13:00:00.000Z');
    expect(announcementDeadline(start, 14).toISOString()).toBe('2026-12-01T13:00:00.000Z');
  });

  it('accepts 7 days plus a minute, and exactly 7 days; refuses 7 days minus a minute', () => {
    expect(canStillAnnounce(new Date(start.getTime() - week - minute), start, 7)).toBe(true);
    expect(canStillAnnounce(new Date(start.getTime() - week), start, 7)).toBe(true);
    expect(canStillAnnounce(new Date(start.getTime() - week + minute), start, 7)).toBe(false);
  });

  it('reminds 3 days and 1 day before the deadline', () => {
    expect(reminderTimes(announcementDeadline(start, 7)).map((r) => [r.daysBefore, r.at.toISOString()])).toEqual([
      [3, '2026-12-05T13:00:00.000Z'],
      [1, '2026-12-07T13:00:00.000Z'],
    ]);
  });
});

describe('meeting lifecycle', () => {
  it('goes proposed -> agreed -> announced -> held -> closed', () => {
    expect(meetingTransition('proposed', 'agree')).toBe('agreed');
    expect(meetingTransition('agreed', 'announce')).toBe('announced');
    expect(meetingTransition('announced', 'hold')).toBe('held');
    expect(meetingTransition('held', 'close')).toBe('closed');
  });

  it('cancels only before the meeting is held, and refuses skipped steps', () => {
    for (const state of ['proposed', 'agreed', 'announced'] as const)
      expect(meetingTransition(state, 'cancel')).toBe('cancelled');
    for (const state of ['held', 'closed', 'cancelled'] as const) expect(meetingTransition(state, 'cancel')).toBeNull();
    expect(meetingTransition('proposed', 'announce')).toBeNull();
    expect(meetingTransition('cancelled', 'change')).toBeNull();
    expect(meetingTransition('announced', 'change')).toBe('announced');
  });
});

describe('R3 concurrence', () => {
  const [a, b, c] = ['a', 'b', 'c'];
  it('needs every other co-convenor', () => {
    expect(concurrenceComplete({ required: true, coConvenors: [a, b, c], proposedBy: a, concurredBy: [b] })).toBe(
      false,
    );
    expect(concurrenceComplete({ required: true, coConvenors: [a, b, c], proposedBy: a, concurredBy: [c, b] })).toBe(
      true,
    );
  });

  it('is complete at once for a sole co-convenor, for TSB proposing with every concurrence, or when the policy is off', () => {
    expect(concurrenceComplete({ required: true, coConvenors: [a], proposedBy: a, concurredBy: [] })).toBe(true);
    expect(concurrenceComplete({ required: true, coConvenors: [a, b], proposedBy: null, concurredBy: [a] })).toBe(
      false,
    );
    expect(concurrenceComplete({ required: false, coConvenors: [a, b], proposedBy: a, concurredBy: [] })).toBe(true);
  });
});
