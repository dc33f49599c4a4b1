import { fairnessFor, fairnessOf, fairnessSummary, insideWorkingDay, localTime } from './fairness';

describe('fairness of a meeting slot (07:00-22:00 local)', () => {
  it('counts participants, not zones, and names those outside', () => {
    const f = fairnessFor('2027-01-12T13:00:00Z', 60, [
      { timeZone: 'Europe/Zurich', name: 'Ana' },
      { timeZone: 'Europe/Zurich', name: 'Eve' },
      { timeZone: 'America/Los_Angeles', name: 'Carl' },
      { timeZone: 'Asia/Tokyo', name: 'Bo' },
    ]);
    expect(f.total).toBe(4);
    // Zurich 14:00-15:00 (inside, 2 people); Los Angeles 05:00-06:00 (outside); Tokyo 22:00-23:00 (outside).
    expect(f.inside).toBe(2);
    expect(fairnessSummary(f)).toBe('2 of 4 participants inside 07:00–22:00 local');
    const outside = f.zones.filter((z) => !z.inside);
    expect(outside.map((z) => [z.zone, z.names])).toEqual([
      ['America/Los_Angeles', ['Carl']],
      ['Asia/Tokyo', ['Bo']],
    ]);
    expect(f.zones.find((z) => z.zone === 'Europe/Zurich')).toMatchObject({
      participants: 2,
      localStart: '14:00',
      localEnd: '15:00',
      city: 'Geneva',
      offset: 'UTC+1',
    });
  });

  it('sorts zones west to east by their offset at the start', () => {
    const f = fairnessOf('2027-01-12T13:00:00Z', 60, ['Asia/Tokyo', 'UTC', 'America/New_York', 'Pacific/Chatham']);
    expect(f.zones.map((z) => z.zone)).toEqual(['America/New_York', 'UTC', 'Asia/Tokyo', 'Pacific/Chatham']);
  });

  it('follows daylight saving time: the same UTC hour is an hour later in Geneva in summer', () => {
    const winter = fairnessOf('2027-01-12T20:30:00Z', 60, ['Europe/Zurich']);
    const summer = fairnessOf('2027-07-12T20:30:00Z', 60, ['Europe/Zurich']);
    expect(winter.zones[0]).toMatchObject({ localStart: '21:30', localEnd: '22:30', offset: 'UTC+1', inside: false });
    expect(summer.zones[0]).toMatchObject({ localStart: '22:30', localEnd: '23:30', offset: 'UTC+2', inside: false });
    // 05:30 UTC is 06:30 in a Geneva winter (too early) and 07:30 in summer (inside).
    expect(insideWorkingDay(new Date('2027-01-12T05:30:00Z'), 60, 'Europe/Zurich')).toBe(false);
    expect(insideWorkingDay(new Date('2027-07-12T05:30:00Z'), 60, 'Europe/Zurich')).toBe(true);
  });

  it('counts the wall clock across a DST change (New York, 14 March 2027)', () => {
    // 2027-03-14 07:00 UTC is 03:00 EDT (clocks went from 02:00 EST to 03:00 EDT at 07:00 UTC).
    expect(localTime(new Date('2027-03-14T06:59:00Z'), 'America/New_York')).toMatchObject({
      minutes: 1 * 60 + 59,
      offsetMinutes: -300,
    });
    expect(localTime(new Date('2027-03-14T07:00:00Z'), 'America/New_York')).toMatchObject({
      minutes: 3 * 60,
      offsetMinutes: -240,
    });
    // 11:00-12:00 UTC on the day of the change is 07:00-08:00 EDT: inside (it would be 06:00 in EST).
    expect(insideWorkingDay(new Date('2027-03-14T11:00:00Z'), 60, 'America/New_York')).toBe(true);
    expect(insideWorkingDay(new Date('2027-03-13T11:00:00Z'), 60, 'America/New_York')).toBe(false);
  });

  it('handles a half-hour zone (India, UTC+5:30)', () => {
    const f = fairnessOf('2027-01-12T01:30:00Z', 30, ['Asia/Kolkata']);
    expect(f.zones[0]).toMatchObject({ localStart: '07:00', localEnd: '07:30', offset: 'UTC+5:30', inside: true });
    // A quarter of an hour earlier starts at 06:45: outside.
    expect(insideWorkingDay(new Date('2027-01-12T01:15:00Z'), 30, 'Asia/Kolkata')).toBe(false);
    // Ending exactly at 22:00 is inside; a quarter past is not.
    expect(insideWorkingDay(new Date('2027-01-12T15:30:00Z'), 60, 'Asia/Kolkata')).toBe(true);
    expect(insideWorkingDay(new Date('2027-01-12T15:45:00Z'), 60, 'Asia/Kolkata')).toBe(false);
  });

  it('handles a 12:45 zone (Chatham Islands), with its own DST (UTC+13:45 in January)', () => {
    const january = fairnessOf('2027-01-12T18:15:00Z', 60, ['Pacific/Chatham']);
    expect(january.zones[0]).toMatchObject({
      localStart: '08:00',
      localEnd: '09:00',
      offset: 'UTC+13:45',
      startDay: 'Wed',
      dayShift: 1,
      inside: true,
    });
    const july = fairnessOf('2027-07-12T18:15:00Z', 60, ['Pacific/Chatham']);
    expect(july.zones[0]).toMatchObject({ localStart: '07:00', localEnd: '08:00', offset: 'UTC+12:45', inside: true });
    expect(fairnessOf('2027-07-12T18:00:00Z', 60, ['Pacific/Chatham']).zones[0]).toMatchObject({
      localStart: '06:45',
      inside: false,
    });
  });

  it('is never inside across local midnight, even when both ends look early or late', () => {
    // Tokyo: 21:30 to 00:30 the next day.
    const f = fairnessOf('2027-01-12T12:30:00Z', 180, ['Asia/Tokyo']);
    expect(f.zones[0]).toMatchObject({ localStart: '21:30', localEnd: '00:30', startDay: 'Tue', endDay: 'Wed' });
    expect(f.zones[0].inside).toBe(false);
    // Ending exactly at local midnight is not inside either.
    expect(insideWorkingDay(new Date('2027-01-12T14:00:00Z'), 60, 'Asia/Tokyo')).toBe(false);
    // A full day from 07:00 ends at 07:00 the next day: not inside.
    expect(insideWorkingDay(new Date('2027-01-11T22:00:00Z'), 24 * 60, 'Asia/Tokyo')).toBe(false);
  });

  it('shows the local date relative to the UTC date (the day before in the Americas)', () => {
    const f = fairnessOf('2027-01-12T02:00:00Z', 60, ['America/Los_Angeles', 'UTC']);
    expect(f.zones.map((z) => [z.zone, z.localStart, z.dayShift, z.startDay])).toEqual([
      ['America/Los_Angeles', '18:00', -1, 'Mon'],
      ['UTC', '02:00', 0, 'Tue'],
    ]);
  });

  it('has nothing to say about nobody', () => {
    const f = fairnessOf('2027-01-12T13:00:00Z', 60, []);
    expect(f).toEqual({ inside: 0, total: 0, zones: [] });
    expect(fairnessSummary({ inside: 1, total: 1 })).toBe('1 of 1 participant inside 07:00–22:00 local');
  });
});
