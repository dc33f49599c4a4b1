import { MAX_RETRY_AFTER_MS, parseHttpDate, parseRetryAfter } from './retry-after.js';

const now = Date.UTC(2026, 5, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date as the time left until it, and a past date as no wait', () => {
    expect(parseRetryAfter('Mon, 01 Jun 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Mon, 01 Jun 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('caps waits at 24 hours', () => {
    expect(parseRetryAfter('86401', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('99999999999999999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2027 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it.each([
    undefined,
    '',
    'soon',
    '-5',
    '1.5',
    '12abc',
    '2026-06-01T12:05:00Z',
    'Mon, 31 Feb 2026 12:00:00 GMT',
    'Mon, 01 Jun 2026 25:00:00 GMT',
    'Mon, 01 Jun 2026 12:00:00 PST',
  ])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});

describe('parseHttpDate', () => {
  it('reads the three forms RFC 9110 requires', () => {
    const expected = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(expected);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(expected);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', now)).toBe(expected);
    expect(parseHttpDate('Mon, 01-Jun-26 12:00:00 GMT'.replace('Mon', 'Monday'), now)).toBe(now);
  });
});
