import { type HostLookup, resolveTarget } from './resolve-target.js';

/** A resolver that knows only the names it is given, and records what it was asked. */
function fakeDns(records: Record<string, string[]>): HostLookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = (host: string) => {
    asked.push(host);
    const addresses = records[host];
    if (addresses === undefined) {
      return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
    }
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }) as const));
  };
  return Object.assign(lookup, { asked });
}

const dns = fakeDns({
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'v6.example.com': ['2606:4700:4700::1111'],
  'internal.example.com': ['10.20.30.40'],
  'metadata.example.com': ['169.254.169.254'],
  'mixed.example.com': ['93.184.215.14', '192.168.1.10'],
  'mapped.example.com': ['::ffff:10.0.0.1'],
  'loop.example.com': ['127.0.0.1'],
  'loop6.example.com': ['::1'],
  'empty.example.com': [],
});

const strict = { allowLoopback: false, lookup: dns };
const loose = { allowLoopback: true, lookup: dns };

describe('resolveTarget', () => {
  it('returns the first resolved address of a public name, to pin', async () => {
    await expect(resolveTarget(new URL('https://hooks.example.com/in'), strict)).resolves.toEqual({
      ok: true,
      address: '93.184.215.14',
      family: 4,
    });
    await expect(resolveTarget(new URL('https://v6.example.com/in'), strict)).resolves.toEqual({
      ok: true,
      address: '2606:4700:4700::1111',
      family: 6,
    });
  });

  it('refuses a name that resolves to a private or metadata address', async () => {
    await expect(resolveTarget(new URL('https://internal.example.com/'), loose)).resolves.toEqual({
      ok: false,
      reason: 'host internal.example.com resolves to 10.20.30.40, a private address (10.0.0.0/8)',
    });
    const metadata = await resolveTarget(new URL('https://metadata.example.com/'), loose);
    expect(metadata).toEqual({ ok: false, reason: expect.stringContaining('169.254.169.254, a link-local address') });
    const mapped = await resolveTarget(new URL('https://mapped.example.com/'), loose);
    expect(mapped).toEqual({ ok: false, reason: expect.stringContaining('10.0.0.0/8') });
  });

  it('refuses a name when any of its addresses is forbidden, even after a public one', async () => {
    await expect(resolveTarget(new URL('https://mixed.example.com/'), strict)).resolves.toEqual({
      ok: false,
      reason: 'host mixed.example.com resolves to 192.168.1.10, a private address (192.168.0.0/16)',
    });
  });

  it('refuses names resolving to loopback unless loopback is allowed', async () => {
    for (const host of ['loop.example.com', 'loop6.example.com']) {
      const refused = await resolveTarget(new URL(`https://${host}/`), strict);
      expect(refused).toEqual({ ok: false, reason: expect.stringContaining('a loopback address') });
      const allowed = await resolveTarget(new URL(`http://${host}/`), loose);
      expect(allowed.ok).toBe(true);
    }
  });

  it('reports names that cannot be resolved', async () => {
    await expect(resolveTarget(new URL('https://nowhere.example.com/'), strict)).resolves.toEqual({
      ok: false,
      reason: 'cannot resolve host nowhere.example.com (ENOTFOUND)',
    });
    await expect(resolveTarget(new URL('https://empty.example.com/'), strict)).resolves.toEqual({
      ok: false,
      reason: 'cannot resolve host empty.example.com (no addresses)',
    });
  });

  it('judges literal IP hosts without a lookup', async () => {
    const before = dns.asked.length;
    await expect(resolveTarget(new URL('https://8.8.8.8/'), strict)).resolves.toEqual({
      ok: true,
      address: '8.8.8.8',
      family: 4,
    });
    await expect(resolveTarget(new URL('https://[2606:4700:4700::1111]/'), strict)).resolves.toEqual({
      ok: true,
      address: '2606:4700:4700::1111',
      family: 6,
    });
    await expect(resolveTarget(new URL('https://172.20.0.1/'), strict)).resolves.toEqual({
      ok: false,
      reason: 'host 172.20.0.1 is a private address (172.16.0.0/12)',
    });
    await expect(resolveTarget(new URL('http://[::1]:8080/'), loose)).resolves.toEqual({
      ok: true,
      address: '::1',
      family: 6,
    });
    expect(dns.asked.length).toBe(before);
  });

  it('uses the system resolver by default', async () => {
    // localhost comes from the hosts file (no network needed) and resolves to loopback.
    const local = await resolveTarget(new URL('https://localhost/'), { allowLoopback: false });
    expect(local).toEqual({ ok: false, reason: expect.stringContaining('a loopback address') });
  });
});
