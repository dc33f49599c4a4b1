/** The longest wait between two tries, whatever the backoff and the number of tries. */
export const MAX_RETRY_DELAY_MS = 6 * 3600_000;

/**
 * What becomes of a message whose send failed. A permanent refusal (the SMTP server refused the
 * message itself) fails it for good; any other failure is tried again after `backoffMs`, doubled
 * for each try before it (at most MAX_RETRY_DELAY_MS), until `attempts` tries were made: then it is failed, to be sent again
 * once SMTP answers (`retryable`). `tries` counts the failed tries, this one included.
 */
export function afterFailedSend(input: {
  tries: number;
  permanent: boolean;
  attempts: number;
  backoffMs: number;
}): { retryInMs: number } | { failed: true; retryable: boolean } {
  if (input.permanent) return { failed: true, retryable: false };
  if (input.tries >= input.attempts) return { failed: true, retryable: true };
  return { retryInMs: Math.min(input.backoffMs * 2 ** (input.tries - 1), MAX_RETRY_DELAY_MS) };
}
