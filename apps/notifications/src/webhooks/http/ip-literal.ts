import { isIP } from 'node:net';

/**
 * Text handling for IP literals, shared by the address policy and the sender: URLs write IPv6
 * hosts in brackets, link-local addresses may carry a zone id, and IPv6 can embed an IPv4
 * address that must be judged (and compared) by its numbers, not by how it is spelled.
 */

/** The address without URL brackets (`[::1]`) or a zone id (`fe80::1%eth0`). */
export function bareIp(text: string): string {
  const unbracketed = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = unbracketed.indexOf('%');
  return zone >= 0 && unbracketed.includes(':') ? unbracketed.slice(0, zone) : unbracketed;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
export function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const gap = text.indexOf('::');
  const parts = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = parts(gap >= 0 ? text.slice(0, gap) : text);
  const right = gap >= 0 ? parts(text.slice(gap + 2)) : [];
  const zeros = gap >= 0 ? Array.from({ length: 8 - left.length - right.length }, () => '0') : [];
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

/** The uncompressed spelling of a valid IPv6 address, so equal addresses compare equal. */
export function fullIpv6(ip: string): string {
  return ipv6Groups(ip)
    .map((group) => group.toString(16))
    .join(':');
}

/** The IPv4 address held in the last 32 bits of an IPv6 address. */
export function embeddedIpv4(ip: string): string {
  const groups = ipv6Groups(ip);
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** Whether two IP literals name the same address, whatever their spelling. */
export function sameIp(a: string, b: string): boolean {
  const left = bareIp(a);
  const right = bareIp(b);
  const family = isIP(left);
  if (family === 0 || family !== isIP(right)) return false;
  return family === 4 ? left === right : fullIpv6(left) === fullIpv6(right);
}
