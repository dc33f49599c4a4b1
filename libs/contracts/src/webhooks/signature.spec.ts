import { Webhook } from 'standardwebhooks';
import { generateSecret, parseSecret, signatureHeader, verifySignature } from './signature.js';

describe('Standard Webhooks signatures', () => {
  const id = '0193f1a2-6b7c-7d8e-9f00-112233445566';
  const body = JSON.stringify({ type: 'meeting.announced', timestamp: '2026-11-29T08:00:00.000Z', data: { é: '✓' } });
  const now = Math.floor(Date.now() / 1000);

  it('signs so that the standardwebhooks library verifies, with each of two secrets during a rotation', () => {
    const [oldSecret, newSecret] = [generateSecret(), generateSecret()];
    const header = signatureHeader([newSecret, oldSecret], id, now, body);
    expect(header.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': header };
    for (const secret of [oldSecret, newSecret]) {
      expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    }
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(newSecret).verify(body.replace('announced', 'cancelled'), headers)).toThrow();
  });

  it('verifies what the standardwebhooks library signs, on the raw bytes, and refuses anything else', () => {
    const secret = generateSecret();
    const signature = new Webhook(secret).sign(id, new Date(now * 1000), body);
    const base = {
      secrets: [secret],
      id,
      timestamp: String(now),
      signature,
      body: Buffer.from(body),
      nowS: now,
      toleranceS: 300,
    };
    expect(verifySignature(base)).toBeNull();
    expect(verifySignature({ ...base, secrets: [generateSecret(), secret] })).toBeNull();
    expect(verifySignature({ ...base, body: Buffer.from(body + ' ') })).toBe('bad signature');
    expect(verifySignature({ ...base, id: id.replace('0', '1') })).toBe('bad signature');
    expect(verifySignature({ ...base, secrets: [generateSecret()] })).toBe('bad signature');
    expect(verifySignature({ ...base, signature: 'v2,' + signature.slice(3) })).toBe('bad signature');
    expect(verifySignature({ ...base, nowS: now + 301 })).toBe('stale timestamp');
    expect(verifySignature({ ...base, nowS: now - 301 })).toBe('stale timestamp');
    expect(verifySignature({ ...base, nowS: now + 300 })).toBeNull();
    expect(verifySignature({ ...base, timestamp: 'soon' })).toBe('stale timestamp');
    expect(verifySignature({ ...base, signature: null })).toBe('missing headers');
    expect(verifySignature({ ...base, signature: `v1,AAAA ${signature}` })).toBeNull();
  });

  it('reads only whsec_ secrets with a key of 16 bytes or more', () => {
    expect(parseSecret(generateSecret())).toHaveLength(32);
    expect(parseSecret('whsec_short')).toBeNull();
    expect(parseSecret('sk_' + 'A'.repeat(43))).toBeNull();
    expect(parseSecret('whsec_not base64!')).toBeNull();
  });
});
