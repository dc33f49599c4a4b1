import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { forbiddenAddressReason } from './address-policy.js';
import { bareIp } from './ip-literal.js';

/**
 * The send-time half of the SSRF check: a registered name may resolve (or be re-pointed) to an
 * address inside our network, so every address it resolves to is checked, and the one returned
 * is pinned for the connection (`postWebhook`) so a second lookup cannot swap it (DNS rebinding).
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses; rejects when the name cannot be resolved. */
export type HostLookup = (host: string) => Promise<ResolvedAddress[]>;

export interface ResolveTargetOptions {
  /** Allows 127.0.0.0/8 and ::1 (development, tests). */
  allowLoopback: boolean;
  /** Replaces the system resolver (tests). */
  lookup?: HostLookup;
}

export type TargetResolution = ({ ok: true } & ResolvedAddress) | { ok: false; reason: string };

/** The operating system's resolver (hosts file included), every address in its own order. */
export const systemLookup: HostLookup = async (host) => {
  const found = await dns.lookup(host, { all: true, verbatim: true });
  return found.map(({ address }) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
};

function resolutionError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? ` (${code})` : '';
}

/** The address to send `url`'s webhook to, or why it must not be sent. */
export async function resolveTarget(url: URL, options: ResolveTargetOptions): Promise<TargetResolution> {
  const host = bareIp(url.hostname);
  const literal = isIP(host);
  if (literal !== 0) {
    const reason = forbiddenAddressReason(host, options);
    if (reason !== null) return { ok: false, reason: `host ${host} is ${reason}` };
    return { ok: true, address: host, family: literal === 6 ? 6 : 4 };
  }

  let addresses: ResolvedAddress[];
  try {
    addresses = await (options.lookup ?? systemLookup)(host);
  } catch (error) {
    return { ok: false, reason: `cannot resolve host ${host}${resolutionError(error)}` };
  }
  const first = addresses[0];
  if (first === undefined) return { ok: false, reason: `cannot resolve host ${host} (no addresses)` };
  for (const { address } of addresses) {
    const reason = forbiddenAddressReason(address, options);
    if (reason !== null) return { ok: false, reason: `host ${host} resolves to ${address}, ${reason}` };
  }
  const family = isIP(bareIp(first.address));
  return { ok: true, address: bareIp(first.address), family: family === 6 ? 6 : 4 };
}
