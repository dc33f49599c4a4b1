import { STANDARD_WEBHOOK_TOLERANCE_S, parseSecret } from '@jcg/contracts';

export interface WebhookOptions {
  /**
   * The delay before each attempt (ms): the first is the first attempt (at once), the others the
   * retries. The Standard Webhooks schedule by default (WEBHOOK_RETRY_SCHEDULE_MS, comma-separated).
   */
  retryScheduleMs: number[];
  /** Each retry's delay varies by up to this fraction either way, so receivers are not hit in waves. */
  jitter: number;
  /** An attempt without an answer within this long failed (timed out). */
  timeoutMs: number;
  /** An endpoint whose every attempt failed for this long is disabled and its contact mailed (WEBHOOK_DISABLE_AFTER_MS). */
  disableAfterMs: number;
  /** Attempts to one endpoint at once per process: a slow receiver never takes the workers of the others. */
  maxInFlightPerEndpoint: number;
  /**
   * Development only (WEBHOOK_ALLOW_LOOPBACK=1): endpoints on this machine (http to localhost,
   * loopback addresses). Private and link-local addresses are refused whatever this says.
   */
  allowLoopback: boolean;
  /** TSB's secrets for inbound events (TSB_WEBHOOK_SECRETS, space-separated during TSB's own rotation). */
  inboundSecrets: string[];
  /** How far an inbound event's timestamp may be from now (s). */
  inboundToleranceS: number;
  /** Delivered or given-up messages and their attempts are kept this long (WEBHOOK_LOG_RETENTION_DAYS). */
  logRetentionDays: number;
}

export const WEBHOOK_OPTIONS = Symbol('WEBHOOK_OPTIONS');

/** The Standard Webhooks schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const STANDARD_RETRY_SCHEDULE_MS = [0, 5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400].map(
  (s) => s * 1000,
);

export const DEFAULT_WEBHOOKS: WebhookOptions = {
  retryScheduleMs: STANDARD_RETRY_SCHEDULE_MS,
  jitter: 0.1,
  timeoutMs: 10_000,
  disableAfterMs: 5 * 24 * 3600_000,
  maxInFlightPerEndpoint: 4,
  allowLoopback: false,
  inboundSecrets: [],
  inboundToleranceS: STANDARD_WEBHOOK_TOLERANCE_S,
  logRetentionDays: 30,
};

const wholeNumber = (name: string, raw: string, min: number, max: number): number => {
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`Invalid ${name}: "${raw}" (a whole number, ${min} to ${max})`);
  return value;
};

/** Reads the WEBHOOK_* settings and TSB_WEBHOOK_SECRETS (unset ones keep their defaults). */
export function webhookOptionsFrom(env: NodeJS.ProcessEnv): Partial<WebhookOptions> {
  const options: Partial<WebhookOptions> = {};
  if (env.WEBHOOK_RETRY_SCHEDULE_MS) {
    options.retryScheduleMs = env.WEBHOOK_RETRY_SCHEDULE_MS.split(',').map((s) =>
      wholeNumber('WEBHOOK_RETRY_SCHEDULE_MS', s, 0, 7 * 24 * 3600_000),
    );
  }
  if (env.WEBHOOK_TIMEOUT_MS)
    options.timeoutMs = wholeNumber('WEBHOOK_TIMEOUT_MS', env.WEBHOOK_TIMEOUT_MS, 100, 60_000);
  if (env.WEBHOOK_DISABLE_AFTER_MS)
    options.disableAfterMs = wholeNumber(
      'WEBHOOK_DISABLE_AFTER_MS',
      env.WEBHOOK_DISABLE_AFTER_MS,
      0,
      365 * 24 * 3600_000,
    );
  if (env.WEBHOOK_LOG_RETENTION_DAYS)
    options.logRetentionDays = wholeNumber('WEBHOOK_LOG_RETENTION_DAYS', env.WEBHOOK_LOG_RETENTION_DAYS, 1, 3650);
  if (env.WEBHOOK_ALLOW_LOOPBACK) options.allowLoopback = /^(1|true|yes)$/i.test(env.WEBHOOK_ALLOW_LOOPBACK);
  if (env.TSB_WEBHOOK_SECRETS) {
    options.inboundSecrets = env.TSB_WEBHOOK_SECRETS.split(/[\s,]+/).filter(Boolean);
    for (const secret of options.inboundSecrets) {
      if (!parseSecret(secret)) throw new Error('TSB_WEBHOOK_SECRETS: each secret is whsec_ followed by base64');
    }
  }
  return options;
}

/** The webhook options in force: the defaults, then whatever is set. */
export function resolveWebhooks(options: Partial<WebhookOptions> = {}): WebhookOptions {
  const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<WebhookOptions>;
  const resolved = { ...DEFAULT_WEBHOOKS, ...set };
  if (resolved.retryScheduleMs.length === 0) throw new Error('The webhook retry schedule needs at least one attempt');
  return resolved;
}
