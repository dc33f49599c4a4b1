import { bodyMeetingChange } from './body-meeting-change.rule.js';
import { bodiesOf, reportsTo } from './reports-to.rule.js';
import { daysOverdue, meetingStart, nextOverdueNotice, reminderAt, shownState } from './cadence.rule.js';
import { daysLeft, dueDate, dueInstant } from './due-date.rule.js';

/** First day of the body's meeting -> the report's due date (R6). */
const DUE_DATES: [string, string][] = [
  ['2026-09-15', '2026-08-15'],
  ['2026-03-31', '2026-02-28'],
  ['2026-03-30', '2026-02-28'],
  ['2026-03-29', '2026-02-28'],
  ['2026-03-28', '2026-02-28'],
  ['2026-03-01', '2026-02-01'],
  ['2028-03-31', '2028-02-29'],
  ['2028-03-30', '2028-02-29'],
  ['2028-03-29', '2028-02-29'],
  ['2028-03-28', '2028-02-28'],
  ['2027-03-29', '2027-02-28'],
  ['2100-03-29', '2100-02-28'],
  ['2000-03-30', '2000-02-29'],
  ['2027-01-18', '2026-12-18'],
  ['2027-01-31', '2026-12-31'],
  ['2027-01-01', '2026-12-01'],
  ['2026-12-31', '2026-11-30'],
  ['2026-12-01', '2026-11-01'],
  ['2026-05-31', '2026-04-30'],
  ['2026-05-30', '2026-04-30'],
  ['2026-05-29', '2026-04-29'],
  ['2026-07-31', '2026-06-30'],
  ['2026-10-31', '2026-09-30'],
  ['2026-08-31', '2026-07-31'],
  ['2026-06-30', '2026-05-30'],
  ['2026-06-01', '2026-05-01'],
  ['2026-02-28', '2026-01-28'],
  ['2026-02-01', '2026-01-01'],
  ['2026-04-30', '2026-03-30'],
  ['2026-04-15', '2026-03-15'],
  ['2026-11-30', '2026-10-30'],
  ['2026-09-30', '2026-08-30'],
  ['2027-02-28', '2027-01-28'],
  ['2028-02-29', '2028-01-29'],
];

describe('R6 due date: one calendar month before the first day, clamped to the month end', () => {
  it.each(DUE_DATES)('a meeting starting %s: due %s', (firstDay, due) => {
    expect(dueDate(firstDay)).toBe(due);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => dueDate('2026-3-1')).toThrow('Not a calendar date');
  });
});

describe('due instants and reminders in Geneva time, across the DST changes', () => {
  it('ends a due date at 23:59:59 Geneva, in winter and in summer', () => {
    expect(dueInstant('2026-12-18').toISOString()).toBe('2026-12-18T22:59:59.000Z');
    expect(dueInstant('2026-08-15').toISOString()).toBe('2026-08-15T21:59:59.000Z');
  });

  it('reminds at 09:00 Geneva 14 days, 3 days and 0 days before, whichever side of the March change', () => {
    // Due 2027-04-05 (summer time); 14 days before is 2027-03-22 (winter time); the change is 2027-03-28.
    expect(reminderAt('2027-04-05', 14).toISOString()).toBe('2027-03-22T08:00:00.000Z');
    expect(reminderAt('2027-04-05', 3).toISOString()).toBe('2027-04-02T07:00:00.000Z');
    expect(reminderAt('2027-04-05', 0).toISOString()).toBe('2027-04-05T07:00:00.000Z');
  });

  it('and of the October change', () => {
    // Due 2026-11-05 (winter time); 14 days before is 2026-10-22 (summer time); the change is 2026-10-25.
    expect(reminderAt('2026-11-05', 14).toISOString()).toBe('2026-10-22T07:00:00.000Z');
    expect(reminderAt('2026-11-05', 3).toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });

  it('sends the overdue notices daily at 09:00 Geneva from the day after the due date', () => {
    expect(nextOverdueNotice('2026-12-18', new Date('2026-12-18T23:00:00Z')).toISOString()).toBe(
      '2026-12-19T08:00:00.000Z',
    );
    expect(nextOverdueNotice('2026-12-18', new Date('2026-12-19T08:00:00Z')).toISOString()).toBe(
      '2026-12-20T08:00:00.000Z',
    );
    expect(nextOverdueNotice('2026-12-18', new Date('2026-12-22T05:00:00Z')).toISOString()).toBe(
      '2026-12-22T08:00:00.000Z',
    );
  });

  it('counts days left and days overdue in Geneva calendar days', () => {
    expect(daysLeft(new Date('2026-12-17T23:30:00Z'), '2026-12-18')).toBe(0); // already the 18th in Geneva
    expect(daysLeft(new Date('2026-12-17T22:30:00Z'), '2026-12-18')).toBe(1);
    expect(daysLeft(new Date('2026-12-20T12:00:00Z'), '2026-12-18')).toBe(-2);
    expect(daysOverdue('2026-12-18', new Date('2026-12-20T12:00:00Z'))).toBe(2);
    expect(daysOverdue('2026-12-18', new Date('2026-12-18T12:00:00Z'))).toBe(0);
  });

  it('is overdue only while still pending after the due instant; missed once the meeting starts', () => {
    const after = new Date('2026-12-18T23:00:00Z');
    expect(shownState('open', '2026-12-18', after)).toBe('overdue');
    expect(shownState('drafted', '2026-12-18', after)).toBe('overdue');
    expect(shownState('open', '2026-12-18', new Date('2026-12-18T22:59:58Z'))).toBe('open');
    expect(shownState('submitted', '2026-12-18', after)).toBe('submitted');
    expect(meetingStart('2027-01-18').toISOString()).toBe('2027-01-17T23:00:00.000Z');
  });
});

describe('R6, R7: which bodies a group reports to', () => {
  const group = { status: 'active' as const, studyGroups: ['SG17', 'SG20'], parentBody: 'TSAG' };

  it('an active group: each participating study group and the parent', () => {
    expect(bodiesOf(group)).toEqual(['SG17', 'SG20', 'TSAG']);
    expect(reportsTo(group, 'SG17', false)).toBe(true);
    expect(reportsTo(group, 'TSAG', false)).toBe(true);
    expect(reportsTo(group, 'SG13', true)).toBe(false);
  });

  it('a concluded group: one final report to the parent, nothing to the study groups', () => {
    const concluded = { ...group, status: 'concluded' as const };
    expect(reportsTo(concluded, 'TSAG', true)).toBe(true);
    expect(reportsTo(concluded, 'TSAG', false)).toBe(false);
    expect(reportsTo(concluded, 'SG17', true)).toBe(false);
  });
});

describe('TSB sends a body meeting: what it means', () => {
  const meeting = { firstDay: '2027-01-18', lastDay: '2027-01-27', place: 'Geneva', status: 'scheduled' as const };

  it('new: scheduled (or cancelled, when sent cancelled)', () => {
    expect(bodyMeetingChange(null, meeting)).toBe('scheduled');
    expect(bodyMeetingChange(null, { ...meeting, status: 'cancelled' })).toBe('cancelled');
  });

  it('the same again: unchanged', () => {
    expect(bodyMeetingChange(meeting, { ...meeting })).toBe('unchanged');
  });

  it('a new first day is a move; a new last day or place an update; a status change a cancellation or a return', () => {
    expect(bodyMeetingChange(meeting, { ...meeting, firstDay: '2027-02-08' })).toBe('moved');
    expect(bodyMeetingChange(meeting, { ...meeting, lastDay: '2027-01-28' })).toBe('updated');
    expect(bodyMeetingChange(meeting, { ...meeting, place: 'virtual' })).toBe('updated');
    expect(bodyMeetingChange(meeting, { ...meeting, status: 'cancelled' })).toBe('cancelled');
    expect(bodyMeetingChange({ ...meeting, status: 'cancelled' }, meeting)).toBe('scheduled');
    expect(
      bodyMeetingChange(
        { ...meeting, status: 'cancelled' },
        { ...meeting, status: 'cancelled', firstDay: '2027-02-08' },
      ),
    ).toBe('updated');
  });
});
