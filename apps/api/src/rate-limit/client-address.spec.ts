import { clientAddress } from './client-address.js';

describe('clientAddress', () => {
  it('is the connection’s address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', 0)).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', undefined, 0)).toBe('203.0.113.7');
  });

  it('takes the entry the trusted proxies appended, never what the client wrote before them', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw.
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.7', 1)).toBe('203.0.113.7');
    // Two proxies: the outer one appended the client, the inner one the outer proxy.
    expect(clientAddress('10.0.0.3', '1.1.1.1, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.3', ['1.1.1.1, 203.0.113.7', '10.0.0.2'], 2)).toBe('203.0.113.7');
  });

  it('falls back to the farthest address known when the header is shorter than the trusted hops', () => {
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.3', '203.0.113.7', 3)).toBe('203.0.113.7');
  });

  it('counts IPv4-mapped addresses as IPv4 and IPv6 addresses by their /64', () => {
    expect(clientAddress('::ffff:127.0.0.1', undefined, 0)).toBe('127.0.0.1');
    expect(clientAddress('2001:db8:0:12::1', undefined, 0)).toBe('2001:db8:0:12::/64');
    expect(clientAddress('2001:0db8:0000:0012:ffff:1:2:3', undefined, 0)).toBe('2001:db8:0:12::/64');
    expect(clientAddress('::1', undefined, 0)).toBe('0:0:0:0::/64');
    expect(clientAddress('fe80::1%eth0', undefined, 0)).toBe('fe80:0:0:0::/64');
  });

  it('drops the port a proxy may append, so every connection of one client counts alike', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.7:51234', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', '203.0.113.7:40001', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', '[2001:db8:0:12::1]:443', 1)).toBe('2001:db8:0:12::/64');
    expect(clientAddress('10.0.0.2', '[2001:db8:0:12::1]', 1)).toBe('2001:db8:0:12::/64');
  });

  it('keeps anything else apart from real addresses, and short', () => {
    expect(clientAddress('10.0.0.2', `${'x'.repeat(200)}:1234`, 1)).toBe(`other:${'x'.repeat(64)}`);
    expect(clientAddress(undefined, undefined, 0)).toBe('other:');
  });
});
