import { checkEndpointUrl } from './endpoint-url.js';

const strict = { allowLoopback: false };
const loose = { allowLoopback: true };

function reason(raw: string, options = strict): string | null {
  const check = checkEndpointUrl(raw, options);
  return check.ok ? null : check.reason;
}

describe('checkEndpointUrl', () => {
  it('accepts an https URL and returns it parsed', () => {
    const check = checkEndpointUrl('https://hooks.example.com:8443/jcg/in?x=1', strict);
    expect(check.ok && check.url.href).toBe('https://hooks.example.com:8443/jcg/in?x=1');
    expect(reason('https://8.8.8.8/hook')).toBeNull();
    expect(reason('https://[2606:4700:4700::1111]/hook')).toBeNull();
  });

  it('refuses what is not an absolute URL', () => {
    for (const raw of ['', 'hooks.example.com/in', '/in', 'https://', 'https://exa mple.com/']) {
      expect(reason(raw)).toBe('The URL is not a valid absolute URL.');
    }
  });

  it('refuses URLs longer than 2000 characters', () => {
    const base = 'https://hooks.example.com/';
    expect(reason(base + 'a'.repeat(2000 - base.length))).toBeNull();
    expect(reason(base + 'a'.repeat(2001 - base.length))).toBe('The URL must be at most 2000 characters long.');
    // Percent-encoding can make the stored form longer than what was sent.
    expect(reason(base + 'a b'.repeat(500))).toBe('The URL must be at most 2000 characters long.');
  });

  it('refuses schemes other than https', () => {
    for (const raw of ['http://hooks.example.com/', 'ftp://hooks.example.com/', 'file:///etc/passwd', 'ws://x.com/']) {
      expect(reason(raw)).toBe('The URL must use https.');
    }
    expect(reason('javascript:alert(1)')).toBe('The URL must use https.');
  });

  it('allows http only for loopback hosts, and only when loopback is allowed', () => {
    for (const raw of [
      'http://localhost:3000/in',
      'http://api.localhost/in',
      'http://127.0.0.1:8080/',
      'http://127.5.6.7/',
      'http://[::1]:9000/',
    ]) {
      expect(reason(raw, loose)).toBeNull();
      expect(reason(raw, strict)).toBe('The URL must use https.');
    }
    expect(reason('http://hooks.example.com/', loose)).toMatch(
      /^The URL must use https \(http is allowed only for loopback/,
    );
    expect(reason('http://10.0.0.1/', loose)).toMatch(/^The URL must use https/);
  });

  it('refuses credentials in the URL', () => {
    expect(reason('https://user:secret@hooks.example.com/')).toBe('The URL must not contain a username or password.');
    expect(reason('https://user@hooks.example.com/')).toBe('The URL must not contain a username or password.');
    expect(reason('https://:secret@hooks.example.com/')).toBe('The URL must not contain a username or password.');
  });

  it('refuses a fragment, even an empty one', () => {
    expect(reason('https://hooks.example.com/in#part')).toBe('The URL must not contain a fragment (#).');
    expect(reason('https://hooks.example.com/in#')).toBe('The URL must not contain a fragment (#).');
    expect(reason('https://hooks.example.com/in?q=%23')).toBeNull();
  });

  it('applies the address policy to literal IP hosts, however they are spelled', () => {
    expect(reason('https://10.1.2.3/in')).toBe(
      "The URL's host is a private address (10.0.0.0/8), which cannot receive webhooks.",
    );
    expect(reason('https://169.254.169.254/latest/meta-data')).toContain('169.254.0.0/16');
    // WHATWG URL parsing turns these into 127.0.0.1 and ::ffff:7f00:1.
    expect(reason('https://0x7f000001/')).toContain('a loopback address');
    expect(reason('https://127.1/')).toContain('a loopback address');
    expect(reason('https://[::ffff:192.168.0.1]/')).toContain('192.168.0.0/16');
    expect(reason('https://[fd00::1]/')).toContain('fc00::/7');
    expect(reason('https://[::1]/')).toContain('a loopback address');
    expect(reason('https://[::1]/', loose)).toBeNull();
    expect(reason('https://127.0.0.1/', loose)).toBeNull();
  });

  it('refuses localhost names unless loopback is allowed', () => {
    expect(reason('https://localhost/in')).toBe("The URL's host must not be localhost.");
    expect(reason('https://LOCALHOST./in')).toBe("The URL's host must not be localhost.");
    expect(reason('https://hooks.localhost/in')).toBe("The URL's host must not be localhost.");
    expect(reason('https://localhost/in', loose)).toBeNull();
    expect(reason('https://localhost.example.com/in')).toBeNull();
  });
});
