import { dateTimeFormat, isTimeZone } from './date-time-format';

describe('date formatters', () => {
  it('makes one formatter per locale, zone and options, and gives it back after', () => {
    const geneva = dateTimeFormat('en-GB', { timeZone: 'Europe/Zurich', hour: '2-digit', minute: '2-digit' });
    expect(dateTimeFormat('en-GB', { timeZone: 'Europe/Zurich', hour: '2-digit', minute: '2-digit' })).toBe(geneva);
    expect(dateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' })).not.toBe(geneva);
    expect(geneva.format(new Date('2026-12-01T14:00:00Z'))).toBe('15:00');
  });

  it('knows IANA zones, and keeps nothing for a name that is not one', () => {
    expect(isTimeZone('Pacific/Chatham')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => dateTimeFormat('en', { timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });
});
