/**
 * What becomes of a message whose send failed. A permanent refusal (the SMTP server refused the
 * message itself) fails it for good; any other failure is tried again after `backoffMs`, doubled
 * for each try before it, until `attempts` tries were made: then it is failed, to be sent again
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
  return { retryInMs: input.backoffMs * 2 ** (input.tries - 1) };
}
