import { BlockList, isIP } from 'node:net';
import { bareIp, embeddedIpv4, fullIpv6 } from './ip-literal.js';

/**
 * Which IP addresses a webhook may be sent to. Receivers are registered by group members, so a
 * URL must never reach into our own network (SSRF): private ranges, loopback, link-local (which
 * holds cloud metadata services such as 169.254.169.254), and addresses that are not unicast or
 * not routable at all. IPv6 spellings of IPv4 addresses are judged by the IPv4 address inside.
 */

export interface AddressPolicyOptions {
  /** Lets local development and tests deliver to 127.0.0.0/8 and ::1. */
  allowLoopback: boolean;
}

const LOOPBACK = 'a loopback address';

interface Range {
  network: string;
  prefix: number;
  reason: string;
  loopback?: true;
}

interface Rule {
  list: BlockList;
  reason: string;
  loopback: boolean;
}

const IPV4_RANGES: Range[] = [
  { network: '0.0.0.0', prefix: 8, reason: 'a "this network" address (0.0.0.0/8)' },
  { network: '10.0.0.0', prefix: 8, reason: 'a private address (10.0.0.0/8)' },
  { network: '100.64.0.0', prefix: 10, reason: 'a carrier-grade NAT address (100.64.0.0/10)' },
  { network: '127.0.0.0', prefix: 8, reason: LOOPBACK, loopback: true },
  { network: '169.254.0.0', prefix: 16, reason: 'a link-local address (169.254.0.0/16, cloud metadata)' },
  { network: '172.16.0.0', prefix: 12, reason: 'a private address (172.16.0.0/12)' },
  { network: '192.0.0.0', prefix: 24, reason: 'an IETF protocol address (192.0.0.0/24)' },
  { network: '192.0.2.0', prefix: 24, reason: 'a documentation address (192.0.2.0/24)' },
  { network: '192.168.0.0', prefix: 16, reason: 'a private address (192.168.0.0/16)' },
  { network: '192.88.99.0', prefix: 24, reason: 'a 6to4 relay address (192.88.99.0/24)' },
  { network: '198.18.0.0', prefix: 15, reason: 'a benchmarking address (198.18.0.0/15)' },
  { network: '198.51.100.0', prefix: 24, reason: 'a documentation address (198.51.100.0/24)' },
  { network: '203.0.113.0', prefix: 24, reason: 'a documentation address (203.0.113.0/24)' },
  { network: '224.0.0.0', prefix: 4, reason: 'a multicast address (224.0.0.0/4)' },
  { network: '240.0.0.0', prefix: 4, reason: 'a reserved address (240.0.0.0/4)' },
];

const IPV6_RANGES: Range[] = [
  { network: '::', prefix: 128, reason: 'the unspecified address (::)' },
  { network: '::1', prefix: 128, reason: LOOPBACK, loopback: true },
  { network: 'fc00::', prefix: 7, reason: 'a unique local address (fc00::/7)' },
  { network: 'fe80::', prefix: 10, reason: 'a link-local address (fe80::/10)' },
  { network: 'ff00::', prefix: 8, reason: 'a multicast address (ff00::/8)' },
  { network: '2001:db8::', prefix: 32, reason: 'a documentation address (2001:db8::/32)' },
  // Tunnels and translations that can reach IPv4 space behind them: refused outright.
  { network: '2002::', prefix: 16, reason: 'a 6to4 address (2002::/16)' },
  { network: '2001::', prefix: 32, reason: 'a Teredo address (2001::/32)' },
  { network: '64:ff9b:1::', prefix: 48, reason: 'a local-use NAT64 address (64:ff9b:1::/48)' },
  { network: '::ffff:0:0:0', prefix: 96, reason: 'an IPv4-translated address (::ffff:0:0:0/96)' },
  { network: 'fec0::', prefix: 10, reason: 'a site-local address (fec0::/10)' },
];

/** IPv6 ranges whose last 32 bits are an IPv4 address, and what to call them. */
const IPV4_CARRIERS: Range[] = [
  { network: '::ffff:0:0', prefix: 96, reason: 'an IPv4-mapped IPv6 address' },
  { network: '64:ff9b::', prefix: 96, reason: 'a NAT64 IPv6 address' },
  { network: '::', prefix: 96, reason: 'an IPv4-compatible IPv6 address' },
];

/**
 * One block list per range, checked only with addresses of its own family: Node's BlockList
 * also matches IPv4 rules against IPv4-mapped IPv6 input (and the reverse), and the embedded
 * addresses are handled explicitly below.
 */
function rules(ranges: Range[], family: 'ipv4' | 'ipv6'): Rule[] {
  return ranges.map(({ network, prefix, reason, loopback }) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return { list, reason, loopback: loopback === true };
  });
}

const IPV4_RULES = rules(IPV4_RANGES, 'ipv4');
const IPV6_RULES = rules(IPV6_RANGES, 'ipv6');
const CARRIER_RULES = rules(IPV4_CARRIERS, 'ipv6');

function firstMatch(list: Rule[], ip: string, family: 'ipv4' | 'ipv6', options: AddressPolicyOptions): string | null {
  const rule = list.find((candidate) => candidate.list.check(ip, family));
  if (rule === undefined || (rule.loopback && options.allowLoopback)) return null;
  return rule.reason;
}

/**
 * Null when a webhook may be sent to `ip`, otherwise a short reason such as
 * "a private address (10.0.0.0/8)". Accepts `[::1]` and zone ids (`fe80::1%eth0`).
 */
export function forbiddenAddressReason(ip: string, options: AddressPolicyOptions): string | null {
  const bare = bareIp(ip);
  switch (isIP(bare)) {
    case 4:
      return firstMatch(IPV4_RULES, bare, 'ipv4', options);
    case 6: {
      const full = fullIpv6(bare);
      // Matched first: ::1 and :: also lie in the IPv4-compatible range.
      const own = IPV6_RULES.find((rule) => rule.list.check(full, 'ipv6'));
      if (own !== undefined) return own.loopback && options.allowLoopback ? null : own.reason;
      const carrier = CARRIER_RULES.find((rule) => rule.list.check(full, 'ipv6'));
      if (carrier === undefined) return null;
      const inner = embeddedIpv4(full);
      const reason = firstMatch(IPV4_RULES, inner, 'ipv4', options);
      return reason === null ? null : `${reason}, as ${inner} in ${carrier.reason}`;
    }
    default:
      return 'not an IP address';
  }
}
