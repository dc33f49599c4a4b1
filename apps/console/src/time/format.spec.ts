import { dateTimeIn, localMinutes, offsetLabel, timeIn, zoneCity } from './format';

describe('times as the console shows them', () => {
  const at = '2026-12-01T14:00:00Z';

  it('shows an instant in a zone, on the 24-hour clock', () => {
    expect(dateTimeIn(at, 'UTC')).toBe('Tue, 1 Dec 2026, 14:00');
    expect(timeIn(at, 'Europe/Zurich')).toBe('15:00');
    expect(timeIn(at, 'America/Los_Angeles')).toBe('06:00');
    expect(localMinutes(at, 'Asia/Kolkata')).toBe(19 * 60 + 30);
  });

  it('names offsets as people read them, half and three-quarter hours included, DST followed', () => {
    expect(offsetLabel(at, 'UTC')).toBe('UTC');
    expect(offsetLabel(at, 'America/Los_Angeles')).toBe('UTC-8');
    expect(offsetLabel('2026-07-01T12:00:00Z', 'America/Los_Angeles')).toBe('UTC-7');
    expect(offsetLabel(at, 'Asia/Kolkata')).toBe('UTC+5:30');
    // Chatham: +12:45 in its winter, +13:45 in its summer (December).
    expect(offsetLabel('2026-07-01T12:00:00Z', 'Pacific/Chatham')).toBe('UTC+12:45');
    expect(offsetLabel(at, 'Pacific/Chatham')).toBe('UTC+13:45');
  });

  it('names a zone by its city, Geneva for ITU time', () => {
    expect(zoneCity('America/Los_Angeles')).toBe('Los Angeles');
    expect(zoneCity('Europe/Zurich')).toBe('Geneva');
    expect(zoneCity('UTC')).toBe('UTC');
  });
});
