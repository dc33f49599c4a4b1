import { MAX_RETRY_DELAY_MS, afterFailedSend } from './mail-retry';

describe('afterFailedSend', () => {
  const schedule = { attempts: 4, backoffMs: 1000 };

  it('tries again after the backoff, doubled for each failed try', () => {
    expect([1, 2, 3].map((tries) => afterFailedSend({ ...schedule, tries, permanent: false }))).toEqual([
      { retryInMs: 1000 },
      { retryInMs: 2000 },
      { retryInMs: 4000 },
    ]);
  });

  it('never waits longer than MAX_RETRY_DELAY_MS between two tries, however long the schedule', () => {
    expect(afterFailedSend({ attempts: 100, backoffMs: 3600_000, tries: 99, permanent: false })).toEqual({
      retryInMs: MAX_RETRY_DELAY_MS,
    });
    expect(afterFailedSend({ attempts: 40, backoffMs: 1000, tries: 30, permanent: false })).toEqual({
      retryInMs: MAX_RETRY_DELAY_MS,
    });
  });

  it('fails the message once every try was made, to be sent again when SMTP answers', () => {
    expect(afterFailedSend({ ...schedule, tries: 4, permanent: false })).toEqual({ failed: true, retryable: true });
  });

  it('fails a message the server refused for good at once, not to be sent again by itself', () => {
    expect(afterFailedSend({ ...schedule, tries: 1, permanent: true })).toEqual({ failed: true, retryable: false });
  });

  it('fails at the first failure when one try is all there is', () => {
    expect(afterFailedSend({ attempts: 1, backoffMs: 1000, tries: 1, permanent: false })).toEqual({
      failed: true,
      retryable: true,
    });
  });
});
