export interface MailOptions {
  /** Where mail goes (SMTP_URL). */
  smtpUrl: string;
  /** The sender of every message (MAIL_FROM), e.g. `Correspondence groups <noreply@jcg.invalid>`. */
  from: string;
  /**
   * The ORGANIZER of invites to meetings no co-convenor proposed (TSB did): an address meant to
   * receive replies (MAIL_ORGANIZER); the sender's address when not set.
   */
  organizer?: string;
  /** Where links in mail point: the API's public address (PUBLIC_URL), e.g. https://cg.itu.int. */
  publicUrl?: string;
  /** SMTP sends at once. */
  concurrency?: number;
  /** How often a message is tried before it is marked failed (MAIL_ATTEMPTS). */
  attempts?: number;
  /** The first retry's delay, doubled each time (MAIL_BACKOFF_MS). */
  backoffMs?: number;
  /** While messages are marked failed, how often SMTP is asked whether it answers again (SMTP_PROBE_INTERVAL_MS). */
  probeIntervalMs?: number;
}

export const MAIL_OPTIONS = Symbol('MAIL_OPTIONS');

export const DEFAULT_MAIL: Required<Omit<MailOptions, 'organizer' | 'publicUrl'>> = {
  smtpUrl: 'smtp://127.0.0.1:1025',
  from: 'Correspondence groups <noreply@jcg.invalid>',
  concurrency: 8,
  attempts: 12,
  backoffMs: 1000,
  probeIntervalMs: 30_000,
};

/** Splits `Name <address>` (or a bare address) into its parts. */
export function parseAddress(value: string): { name: string; email: string } {
  const match = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
  if (match) return { name: match[1].replace(/^"|"$/g, ''), email: match[2] };
  return { name: '', email: value.trim() };
}

/** The organizer of invites nobody in the group proposed. */
export function organizerAddress(options: MailOptions): { name: string; email: string } {
  const parsed = parseAddress(options.organizer ?? options.from);
  return { name: parsed.name || 'Correspondence groups', email: parsed.email };
}

const positiveInt = (name: string, raw: string | undefined, min: number, max: number): number | undefined => {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`Invalid ${name}: "${raw}" (a whole number, ${min} to ${max})`);
  return value;
};

/** Reads SMTP_URL, MAIL_FROM, MAIL_ORGANIZER, MAIL_ATTEMPTS, MAIL_BACKOFF_MS and SMTP_PROBE_INTERVAL_MS. */
export function mailOptionsFrom(env: NodeJS.ProcessEnv): MailOptions {
  const smtpUrl = env.SMTP_URL || DEFAULT_MAIL.smtpUrl;
  if (!/^smtps?:\/\//.test(smtpUrl)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
  const organizer = env.MAIL_ORGANIZER || undefined;
  if (organizer && !parseAddress(organizer).email.includes('@'))
    throw new Error('MAIL_ORGANIZER must be an e-mail address');
  const publicUrl = env.PUBLIC_URL || undefined;
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) throw new Error('PUBLIC_URL must be an http(s) address');
  return {
    smtpUrl,
    publicUrl,
    from: env.MAIL_FROM || DEFAULT_MAIL.from,
    organizer,
    attempts: positiveInt('MAIL_ATTEMPTS', env.MAIL_ATTEMPTS, 1, 100),
    backoffMs: positiveInt('MAIL_BACKOFF_MS', env.MAIL_BACKOFF_MS, 10, 3600_000),
    probeIntervalMs: positiveInt('SMTP_PROBE_INTERVAL_MS', env.SMTP_PROBE_INTERVAL_MS, 100, 3600_000),
  };
}
