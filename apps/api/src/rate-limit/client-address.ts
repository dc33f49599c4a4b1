import { isIP } from 'node:net';

/**
 * The address a request came from, as the per-address rate limits count it: the connection's own
 * address, or, behind `trustedHops` reverse proxies that each append the address they saw to
 * X-Forwarded-For, the entry that many hops back from the end of that header. Whatever a client
 * writes at its start is never used. IPv6 addresses count by their /64 (what one host or line
 * usually holds), IPv4-mapped ones as IPv4.
 */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string {
  const chain = [remoteAddress ?? ''];
  if (trustedHops > 0 && forwardedFor !== undefined) {
    const listed = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    chain.push(...listed.reverse());
  }
  return addressKey(chain[Math.min(trustedHops, chain.length - 1)]);
}

function addressKey(written: string): string {
  const address = withoutPort(written);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) === 4) return address;
  if (isIP(address) === 6) return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
  // Not an address (garbage): counted as written, within reason.
  return `other:${address.slice(0, 64)}`;
}

/**
 * Some proxies append `address:port` (`203.0.113.7:51234`, `[2001:db8::1]:443`): the port changes
 * with every connection, so it is dropped, or each connection would get a budget of its own.
 */
function withoutPort(address: string): string {
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(address);
  if (v4) return v4[1];
  const v6 = /^\[([0-9a-fA-F:.%\w]+)\](?::\d{1,5})?$/.exec(address);
  return v6 ? v6[1] : address;
}

/** The eight groups of an IPv6 address (no zone), each without leading zeros. */
function expandIpv6(address: string): string[] {
  const [head, tail] = address.split('%')[0].toLowerCase().split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const fill = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...fill, ...right].map((group) => group.replace(/^0+(?=.)/, ''));
}
