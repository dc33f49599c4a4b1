import { forbiddenAddressReason } from './address-policy.js';

const strict = { allowLoopback: false };
const loose = { allowLoopback: true };

describe('forbiddenAddressReason', () => {
  it.each([
    ['2002:c0a8:101::1', '6to4'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['::ffff:0:a00:1', 'IPv4-translated'],
    ['fec0::1', 'site-local'],
  ])('refuses the IPv6 tunnel or translation %s (%s)', (ip, reason) => {
    expect(forbiddenAddressReason(ip, strict)).toContain(reason);
  });

  it.each([
    ['0.0.0.0', '0.0.0.0/8'],
    ['0.255.255.255', '0.0.0.0/8'],
    ['10.0.0.0', 'private address (10.0.0.0/8)'],
    ['10.255.255.255', 'private address (10.0.0.0/8)'],
    ['100.64.0.1', '100.64.0.0/10'],
    ['100.127.255.255', '100.64.0.0/10'],
    ['169.254.169.254', '169.254.0.0/16'],
    ['172.16.0.1', 'private address (172.16.0.0/12)'],
    ['172.31.255.255', 'private address (172.16.0.0/12)'],
    ['192.0.0.8', '192.0.0.0/24'],
    ['192.0.2.10', '192.0.2.0/24'],
    ['192.168.1.1', 'private address (192.168.0.0/16)'],
    ['198.18.0.1', '198.18.0.0/15'],
    ['198.19.255.255', '198.18.0.0/15'],
    ['198.51.100.7', '198.51.100.0/24'],
    ['203.0.113.9', '203.0.113.0/24'],
    ['224.0.0.1', 'multicast address (224.0.0.0/4)'],
    ['239.255.255.250', 'multicast address (224.0.0.0/4)'],
    ['240.0.0.1', 'reserved address (240.0.0.0/4)'],
    ['255.255.255.255', 'reserved address (240.0.0.0/4)'],
    ['192.88.99.1', '192.88.99.0/24'],
  ])('refuses IPv4 %s (%s) whether or not loopback is allowed', (ip, reason) => {
    expect(forbiddenAddressReason(ip, strict)).toContain(reason);
    expect(forbiddenAddressReason(ip, loose)).toContain(reason);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.0.1.255',
    '192.0.3.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '198.51.101.0',
    '203.0.114.0',
    '223.255.255.255',
  ])('allows public IPv4 %s', (ip) => {
    expect(forbiddenAddressReason(ip, strict)).toBeNull();
  });

  it('refuses 127.0.0.0/8 as loopback unless loopback is allowed', () => {
    for (const ip of ['127.0.0.1', '127.255.255.254', '127.1.2.3']) {
      expect(forbiddenAddressReason(ip, strict)).toBe('a loopback address');
      expect(forbiddenAddressReason(ip, loose)).toBeNull();
    }
  });

  it.each([
    ['::', 'unspecified address'],
    ['fc00::1', 'unique local address (fc00::/7)'],
    ['fdff:ffff::1', 'unique local address (fc00::/7)'],
    ['fe80::1', 'link-local address (fe80::/10)'],
    ['febf::1', 'link-local address (fe80::/10)'],
    ['ff02::1', 'multicast address (ff00::/8)'],
    ['FF05::2', 'multicast address (ff00::/8)'],
    ['2001:db8::1', 'documentation address (2001:db8::/32)'],
    ['2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff', 'documentation address (2001:db8::/32)'],
  ])('refuses IPv6 %s (%s)', (ip, reason) => {
    expect(forbiddenAddressReason(ip, strict)).toContain(reason);
    expect(forbiddenAddressReason(ip, loose)).toContain(reason);
  });

  it.each(['2606:4700:4700::1111', '2001:4860:4860::8888', 'fbff::1', '2001:db9::1', 'fbff:ffff::1'])(
    'allows public (or not listed) IPv6 %s',
    (ip) => {
      expect(forbiddenAddressReason(ip, strict)).toBeNull();
    },
  );

  it('refuses ::1 as loopback unless loopback is allowed, in any spelling', () => {
    for (const ip of ['::1', '0:0:0:0:0:0:0:1', '[::1]', '::0.0.0.1']) {
      expect(forbiddenAddressReason(ip, strict)).toBe('a loopback address');
      expect(forbiddenAddressReason(ip, loose)).toBeNull();
    }
  });

  it.each([
    ['::ffff:10.0.0.1', 'private address (10.0.0.0/8), as 10.0.0.1 in an IPv4-mapped'],
    ['::ffff:a00:1', 'private address (10.0.0.0/8), as 10.0.0.1 in an IPv4-mapped'],
    ['[::ffff:169.254.169.254]', '(169.254.0.0/16, cloud metadata), as 169.254.169.254 in an IPv4-mapped'],
    ['0:0:0:0:0:ffff:c0a8:101', 'private address (192.168.0.0/16), as 192.168.1.1'],
    ['64:ff9b::10.1.2.3', 'private address (10.0.0.0/8), as 10.1.2.3 in a NAT64'],
    ['64:ff9b::a9fe:a9fe', 'as 169.254.169.254 in a NAT64'],
    ['::10.0.0.1', 'private address (10.0.0.0/8), as 10.0.0.1 in an IPv4-compatible'],
    ['::a9fe:a9fe', 'as 169.254.169.254 in an IPv4-compatible'],
    ['::ffff:255.255.255.255', 'reserved address (240.0.0.0/4)'],
    ['::0.0.0.2', '0.0.0.0/8'],
  ])('judges IPv4 embedded in IPv6 %s by the IPv4 rules', (ip, reason) => {
    expect(forbiddenAddressReason(ip, strict)).toContain(reason);
    expect(forbiddenAddressReason(ip, loose)).toContain(reason);
  });

  it('treats embedded loopback like loopback and embedded public addresses like public ones', () => {
    for (const ip of ['::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::127.0.0.1', '::127.0.0.1']) {
      expect(forbiddenAddressReason(ip, strict)).toMatch(/^a loopback address, as 127\.0\.0\.1 in /);
      expect(forbiddenAddressReason(ip, loose)).toBeNull();
    }
    for (const ip of ['::ffff:8.8.8.8', '64:ff9b::808:808', '::8.8.8.8']) {
      expect(forbiddenAddressReason(ip, strict)).toBeNull();
    }
  });

  it('accepts brackets and strips zone ids before judging', () => {
    expect(forbiddenAddressReason('[fe80::1%eth0]', strict)).toContain('fe80::/10');
    expect(forbiddenAddressReason('fe80::1%eth0', strict)).toContain('fe80::/10');
    expect(forbiddenAddressReason('fe80::1%25eth0', strict)).toContain('fe80::/10');
    expect(forbiddenAddressReason('[2606:4700:4700::1111]', strict)).toBeNull();
    expect(forbiddenAddressReason('[::1%lo]', loose)).toBeNull();
  });

  it.each([
    '',
    'localhost',
    'example.com',
    '127.1',
    '0x7f000001',
    '010.0.0.1',
    '1.2.3.4.5',
    '::ffff:1.2.3',
    '[10.0.0.1]x',
    ' 10.0.0.1',
    '10.0.0.1%eth0',
    '[]',
  ])('refuses %j as not an IP address', (text) => {
    expect(forbiddenAddressReason(text, loose)).toBe('not an IP address');
  });
});
