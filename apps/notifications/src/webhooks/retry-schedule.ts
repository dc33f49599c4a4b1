/**
 * When the next attempt of a message is due, or null when its schedule is spent. `attemptsMade`
 * counts the attempts so far (at least 1); the schedule's entry for the next attempt is varied by
 * up to ±jitter, and a receiver's Retry-After (429, 503) is honoured when it asks for longer.
 */
export function nextAttemptDelay(input: {
  attemptsMade: number;
  scheduleMs: readonly number[];
  jitter: number;
  retryAfterMs: number | null;
  random?: () => number;
}): number | null {
  const { attemptsMade, scheduleMs, jitter } = input;
  if (attemptsMade >= scheduleMs.length) return null;
  const base = scheduleMs[attemptsMade];
  const random = input.random ?? Math.random;
  const varied = Math.round(base * (1 + jitter * (2 * random() - 1)));
  return Math.max(varied, input.retryAfterMs ?? 0);
}

/** Whether an answer disables the endpoint at once (the receiver says the endpoint is gone). */
export const isGone = (status: number | null): boolean => status === 410;

/** Whether an answer is a success: any 2xx (a redirect is not followed, and is a failure). */
export const isSuccess = (status: number | null): boolean => status !== null && status >= 200 && status < 300;

/**
 * What a failed attempt does to its endpoint, whichever path sent it (the pump, a replay): a 410
 * Gone disables it at once; any other failure marks it failing since its first failure (or this
 * attempt's start), and disables it once that is `disableAfterMs` old. A disabled endpoint is
 * disabled no further.
 */
export function failureVerdict(input: {
  status: number | null;
  endpoint: { enabled: boolean; failingSince: Date | null };
  startedAt: Date;
  now: Date;
  disableAfterMs: number;
}): { failingSince: Date | null; disable: string | null } {
  const { endpoint, now } = input;
  if (isGone(input.status)) return { failingSince: endpoint.failingSince, disable: endpoint.enabled ? GONE : null };
  const since = endpoint.failingSince ?? input.startedAt;
  const failedFor = now.getTime() - since.getTime();
  const disable =
    endpoint.enabled && failedFor >= input.disableAfterMs
      ? `every attempt failed for ${(failedFor / 86_400_000).toFixed(1)} days`
      : null;
  return { failingSince: since, disable };
}

const GONE = 'the receiver answered 410 Gone';
