import {
  calendarSatisfied,
  listSatisfied,
  nextCalendarMessage,
  nextListMessage,
  wantsHold,
  type ListMessage,
  type StreamMessage,
} from './mail-decisions.js';

const held = (meetingSequence: number, sequence = meetingSequence, sent = true): StreamMessage => ({
  kind: sequence === 0 ? 'invite' : 'update',
  hold: true,
  meetingSequence,
  sequence,
  sent,
});
const cancelled = (sequence: number, sent = true): StreamMessage => ({
  kind: 'cancellation',
  hold: false,
  meetingSequence: sequence,
  sequence,
  sent,
});

describe('wantsHold', () => {
  it('holds an announced meeting ahead for active participants, never a cancelled one', () => {
    expect(wantsHold({ state: 'announced', upcoming: true, active: true })).toBe(true);
    expect(wantsHold({ state: 'announced', upcoming: true, active: false })).toBe(false);
    expect(wantsHold({ state: 'cancelled', upcoming: true, active: true })).toBe(false);
    expect(wantsHold({ state: 'cancelled', upcoming: false, active: true })).toBe(false);
  });

  it('says nothing about a meeting that started, was held, or is not announced', () => {
    expect(wantsHold({ state: 'announced', upcoming: false, active: true })).toBeNull();
    expect(wantsHold({ state: 'held', upcoming: false, active: true })).toBeNull();
    expect(wantsHold({ state: 'agreed', upcoming: true, active: true })).toBeNull();
  });
});

describe('nextCalendarMessage', () => {
  it('invites someone who has nothing, at the meeting sequence', () => {
    expect(nextCalendarMessage(true, 0, null, null)).toEqual({
      supersedeUnsent: false,
      message: { kind: 'invite', hold: true, sequence: 0 },
    });
    // A meeting changed before they were first invited: still an invite, at its current sequence.
    expect(nextCalendarMessage(true, 2, null, null).message).toEqual({ kind: 'invite', hold: true, sequence: 2 });
  });

  it('does nothing when what was decided already says it (deciding twice is a no-op)', () => {
    expect(nextCalendarMessage(true, 1, held(1), held(1))).toEqual({ supersedeUnsent: false, message: null });
    expect(nextCalendarMessage(true, 1, held(1, 1, false), held(0))).toEqual({ supersedeUnsent: false, message: null });
    expect(nextCalendarMessage(false, 1, cancelled(1), cancelled(1))).toEqual({
      supersedeUnsent: false,
      message: null,
    });
    expect(nextCalendarMessage(false, 1, null, null)).toEqual({ supersedeUnsent: false, message: null });
  });

  it('updates a holder when the meeting changes, with a rising sequence', () => {
    expect(nextCalendarMessage(true, 1, held(0), held(0)).message).toEqual({ kind: 'update', hold: true, sequence: 1 });
  });

  it('replaces an invite not sent yet by one at the new sequence (it was never seen)', () => {
    expect(nextCalendarMessage(true, 1, held(0, 0, false), null)).toEqual({
      supersedeUnsent: true,
      message: { kind: 'invite', hold: true, sequence: 1 },
    });
  });

  it('sends a CANCEL to whoever holds it when it is cancelled or they are suspended, with a higher sequence', () => {
    // Cancelled by meetings: its sequence rose.
    expect(nextCalendarMessage(false, 2, held(1), held(1)).message).toEqual({
      kind: 'cancellation',
      hold: false,
      sequence: 2,
    });
    // Suspended: the meeting's sequence is what they hold; the CANCEL is one above.
    expect(nextCalendarMessage(false, 1, held(1), held(1)).message).toEqual({
      kind: 'cancellation',
      hold: false,
      sequence: 2,
    });
  });

  it('sends nothing to someone suspended before their invite went out, and drops that invite', () => {
    expect(nextCalendarMessage(false, 0, held(0, 0, false), null)).toEqual({ supersedeUnsent: true, message: null });
  });

  it('invites again someone restored after a CANCEL, above the CANCEL sequence', () => {
    expect(nextCalendarMessage(true, 1, cancelled(2), cancelled(2)).message).toEqual({
      kind: 'invite',
      hold: true,
      sequence: 3,
    });
  });

  it('keeps what they hold when a CANCEL not sent yet is undone (suspended and restored at once)', () => {
    expect(nextCalendarMessage(true, 1, cancelled(2, false), held(1))).toEqual({
      supersedeUnsent: true,
      message: null,
    });
  });
});

describe('nextListMessage', () => {
  const at = { startsAt: '2027-01-12T13:00:00.000Z', endsAt: '2027-01-12T15:00:00.000Z' };
  const moved = { startsAt: '2027-01-19T13:00:00.000Z', endsAt: '2027-01-19T15:00:00.000Z' };
  const announced = (times = at, sent = true, agendaLabel = 'draft'): ListMessage => ({
    kind: 'announcement',
    ...times,
    agendaLabel,
    sent,
  });
  const meeting = (state: string, times = at, upcoming = true) => ({ state, ...times, upcoming });

  it('announces once, with the agenda; not before the agenda is known', () => {
    expect(nextListMessage(meeting('announced'), 'draft', null, null).message).toEqual({
      kind: 'announcement',
      previous: null,
    });
    expect(nextListMessage(meeting('announced'), null, null, null).message).toBeNull();
    expect(nextListMessage(meeting('announced'), 'draft', announced(), announced()).message).toBeNull();
  });

  it('re-announces a move once, with the old time beside the new', () => {
    expect(nextListMessage(meeting('announced', moved), 'draft', announced(), announced()).message).toEqual({
      kind: 're-announcement',
      previous: at,
    });
    const reannounced: ListMessage = { kind: 're-announcement', ...moved, agendaLabel: 'draft', sent: true };
    expect(nextListMessage(meeting('announced', moved), 'draft', reannounced, reannounced).message).toBeNull();
  });

  it('replaces an announcement not sent yet by one at the new time (the list never heard the old one)', () => {
    expect(nextListMessage(meeting('announced', moved), 'draft', announced(at, false), null)).toEqual({
      supersedeUnsent: true,
      message: { kind: 'announcement', previous: null },
    });
  });

  it('replaces an unsent announcement whose agenda was revised meanwhile', () => {
    expect(nextListMessage(meeting('announced'), 'rev.1', announced(at, false), null)).toEqual({
      supersedeUnsent: true,
      message: { kind: 'announcement', previous: null },
    });
  });

  it('tells the list of a cancellation once, and only if it heard of the meeting', () => {
    expect(nextListMessage(meeting('cancelled'), 'draft', announced(), announced()).message).toEqual({
      kind: 'cancellation-notice',
      previous: null,
    });
    expect(nextListMessage(meeting('cancelled'), 'draft', null, null).message).toBeNull();
    expect(nextListMessage(meeting('cancelled'), 'draft', announced(at, false), null)).toEqual({
      supersedeUnsent: true,
      message: null,
    });
    const notice: ListMessage = { kind: 'cancellation-notice', ...at, agendaLabel: 'draft', sent: false };
    expect(nextListMessage(meeting('cancelled'), 'draft', notice, announced()).message).toBeNull();
  });

  it('says nothing to the list after the meeting started', () => {
    expect(nextListMessage(meeting('announced', moved, false), 'draft', announced(), announced()).message).toBeNull();
  });
});

describe('what is already decided (the first look of a reconciliation)', () => {
  it('a calendar holding the meeting is not right for a cancelled one: the CANCEL is needed', () => {
    expect(calendarSatisfied(false, 2, held(1))).toBe(false);
    expect(calendarSatisfied(false, 2, cancelled(2))).toBe(true);
    expect(calendarSatisfied(false, 2, null)).toBe(true);
    expect(calendarSatisfied(true, 2, held(2, 3, false))).toBe(true);
    expect(calendarSatisfied(true, 2, held(1))).toBe(false);
  });

  it('a list told of the meeting is not right for a cancelled one: the notice is needed', () => {
    const at = { startsAt: '2027-01-12T13:00:00.000Z', endsAt: '2027-01-12T15:00:00.000Z' };
    const told: ListMessage = { kind: 'announcement', ...at, agendaLabel: 'draft', sent: true };
    expect(listSatisfied({ state: 'cancelled', ...at, upcoming: true }, 'draft', told)).toBe(false);
    expect(listSatisfied({ state: 'cancelled', ...at, upcoming: true }, 'draft', null)).toBe(true);
    expect(listSatisfied({ state: 'announced', ...at, upcoming: true }, 'draft', told)).toBe(true);
    expect(listSatisfied({ state: 'announced', ...at, upcoming: true }, 'rev.1', told)).toBe(true);
    expect(listSatisfied({ state: 'announced', ...at, upcoming: true }, 'rev.1', { ...told, sent: false })).toBe(false);
  });
});
