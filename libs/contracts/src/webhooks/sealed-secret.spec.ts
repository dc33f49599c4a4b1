import { newReplyKey, openSealedSecret, replyKeySchema, sealSecret, sealedSecretSchema } from './sealed-secret';

const SECRET = 'whsec_' + Buffer.from('a-webhook-secret-of-32-bytes!!!!').toString('base64');

describe('sealed webhook secrets', () => {
  it('opens with the private key of the reply key it was sealed to', () => {
    const { replyKey, privateKey } = newReplyKey();
    expect(replyKeySchema.safeParse(replyKey).success).toBe(true);
    const sealed = sealSecret(SECRET, replyKey);
    expect(sealedSecretSchema.safeParse(sealed).success).toBe(true);
    expect(openSealedSecret(sealed, privateKey)).toBe(SECRET);
  });

  it('holds nothing of the secret in clear, and differs each time', () => {
    const { replyKey } = newReplyKey();
    const one = JSON.stringify(sealSecret(SECRET, replyKey));
    const two = JSON.stringify(sealSecret(SECRET, replyKey));
    expect(one).not.toContain(SECRET.slice(6, 20));
    expect(one).not.toContain(Buffer.from(SECRET).toString('base64url').slice(8, 24));
    expect(one).not.toBe(two);
  });

  it('does not open with another key', () => {
    const sealed = sealSecret(SECRET, newReplyKey().replyKey);
    expect(() => openSealedSecret(sealed, newReplyKey().privateKey)).toThrow();
  });

  it('does not open once altered', () => {
    const { replyKey, privateKey } = newReplyKey();
    const sealed = sealSecret(SECRET, replyKey);
    const box = Buffer.from(sealed.box, 'base64url');
    box[0] ^= 1;
    expect(() => openSealedSecret({ ...sealed, box: box.toString('base64url') }, privateKey)).toThrow();
  });

  it('refuses a reply key that is not 32 bytes of base64url', () => {
    expect(replyKeySchema.safeParse('abc').success).toBe(false);
    expect(replyKeySchema.safeParse('+'.repeat(43)).success).toBe(false);
  });
});
