import { DURATIONS, START_TIMES, addDays, deadlineOf, durationLabel, slotEnd, slotFrom, slotStart } from './slot';

describe("the planner's slot: UTC inputs to instants and back", () => {
  it('turns the UTC date and start into the instant the API gets, and refuses what is not one', () => {
    expect(slotStart({ date: '2026-12-20', time: '12:00', minutes: 60 })).toBe('2026-12-20T12:00:00.000Z');
    expect(slotStart({ date: '2026-12-31', time: '23:45', minutes: 30 })).toBe('2026-12-31T23:45:00.000Z');
    expect(slotStart({ date: '2026-02-30', time: '12:00', minutes: 60 })).toBeNull();
    expect(slotStart({ date: '', time: '12:00', minutes: 60 })).toBeNull();
    expect(slotEnd('2026-12-31T23:45:00.000Z', 30)).toBe('2027-01-01T00:15:00.000Z');
  });

  it('fills the inputs from a meeting exactly, even off the quarter hours (a move changes only what is changed)', () => {
    expect(slotFrom('2026-12-20T13:07:00.000Z', 90)).toEqual({ date: '2026-12-20', time: '13:07', minutes: 90 });
    expect(slotStart(slotFrom('2026-12-20T13:07:00.000Z', 90))).toBe('2026-12-20T13:07:00.000Z');
  });

  it('counts days over month and year ends, and the R4 deadline in days of 24 h', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(deadlineOf('2027-03-29T09:00:00.000Z', 7)).toBe('2027-03-22T09:00:00.000Z');
  });

  it('offers every quarter hour of the day, and lengths from 30 min to 4 h', () => {
    expect([START_TIMES.length, START_TIMES[0], START_TIMES[1], START_TIMES[95]]).toEqual([
      96,
      '00:00',
      '00:15',
      '23:45',
    ]);
    expect([DURATIONS[0], DURATIONS[DURATIONS.length - 1]]).toEqual([30, 240]);
    expect(DURATIONS.map(durationLabel).slice(0, 4)).toEqual(['30 min', '45 min', '1 h', '1 h 15 min']);
  });
});
