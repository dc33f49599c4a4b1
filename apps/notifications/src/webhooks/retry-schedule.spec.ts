import { STANDARD_RETRY_SCHEDULE_MS } from './webhook-options.js';
import { failureVerdict, isSuccess, nextAttemptDelay } from './retry-schedule.js';

describe('the retry schedule', () => {
  const at = (attemptsMade: number, random = 0.5, retryAfterMs: number | null = null) =>
    nextAttemptDelay({
      attemptsMade,
      scheduleMs: STANDARD_RETRY_SCHEDULE_MS,
      jitter: 0.1,
      retryAfterMs,
      random: () => random,
    });

  it('follows the Standard Webhooks schedule after each failure and stops after the tenth attempt', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => at(n))).toEqual(
      [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400].map((s) => s * 1000),
    );
    expect(at(10)).toBeNull();
  });

  it('varies each delay by the jitter, both ways', () => {
    expect(at(2, 0)).toBe(270_000);
    expect(at(2, 1)).toBe(330_000);
  });

  it("honours a receiver's Retry-After when it asks for longer, never shorter", () => {
    expect(at(1, 0.5, 60_000)).toBe(60_000);
    expect(at(2, 0.5, 60_000)).toBe(300_000);
  });

  it('takes any 2xx as success and nothing else', () => {
    expect([200, 201, 204, 299].every(isSuccess)).toBe(true);
    expect([null, 199, 301, 302, 400, 410, 500].some(isSuccess)).toBe(false);
  });
});

describe('what a failed attempt does to its endpoint', () => {
  const now = new Date('2026-12-10T12:00:00Z');
  const DAY = 86_400_000;
  const verdict = (status: number | null, enabled: boolean, failingSince: Date | null, startedAt = now) =>
    failureVerdict({ status, endpoint: { enabled, failingSince }, startedAt, now, disableAfterMs: 5 * DAY });

  it('410 Gone disables an enabled endpoint at once, and leaves its failing mark as it was', () => {
    expect(verdict(410, true, null)).toEqual({ failingSince: null, disable: 'the receiver answered 410 Gone' });
    expect(verdict(410, false, null)).toEqual({ failingSince: null, disable: null });
  });

  it('any other failure marks it failing from its first failure (or this attempt)', () => {
    const started = new Date(now.getTime() - 2000);
    expect(verdict(500, true, null, started)).toEqual({ failingSince: started, disable: null });
    expect(verdict(null, true, new Date(now.getTime() - DAY))).toEqual({
      failingSince: new Date(now.getTime() - DAY),
      disable: null,
    });
  });

  it('disables it once it has failed for the whole window, not a moment before', () => {
    const edge = new Date(now.getTime() - 5 * DAY);
    expect(verdict(503, true, edge).disable).toBe('every attempt failed for 5.0 days');
    expect(verdict(503, true, new Date(edge.getTime() + 1)).disable).toBeNull();
    expect(verdict(503, false, edge).disable).toBeNull();
  });
});
