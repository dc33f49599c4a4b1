import { STANDARD_RETRY_SCHEDULE_MS } from './webhook-options.js';
import { isSuccess, nextAttemptDelay } from './retry-schedule.js';

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
