import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';

/**
 * A webhook secret crosses the queues sealed: the API sends a one-off X25519 public key with the
 * command that makes a secret, the owner encrypts the secret to it (ECDH with a key pair of its
 * own, HKDF-SHA256, AES-256-GCM), and only the API, which kept the private key in memory for
 * that one request, can open it. The reply (which the queue keeps for a while) never holds the
 * secret in clear.
 */
const base64url = (bytes: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`), `${bytes} bytes, base64url`);

/** An X25519 public key: its 32 bytes, base64url (a JWK's `x`). */
export const replyKeySchema = base64url(32);

export const sealedSecretSchema = z.strictObject({
  /** The sealer's one-off X25519 public key. */
  key: base64url(32),
  nonce: base64url(12),
  /** The secret encrypted, followed by the 16-byte GCM tag. */
  box: z.string().regex(/^[A-Za-z0-9_-]{22,400}$/, 'base64url'),
});
export type SealedSecret = z.infer<typeof sealedSecretSchema>;

const INFO = Buffer.from('jcg webhook secret v1');

const publicKeyOf = (x: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' });
const xOf = (key: KeyObject): string => key.export({ format: 'jwk' }).x as string;

function boxKey(shared: Buffer, senderX: string, recipientX: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(`${senderX}.${recipientX}`), INFO, 32));
}

/** A key pair for one request: the private key stays in the caller's memory. */
export function newReplyKey(): { replyKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { replyKey: xOf(publicKey), privateKey };
}

/** Encrypts `secret` so that only the holder of `replyKey`'s private key can read it. */
export function sealSecret(secret: string, replyKey: string): SealedSecret {
  const own = generateKeyPairSync('x25519');
  const key = xOf(own.publicKey);
  const shared = diffieHellman({ privateKey: own.privateKey, publicKey: publicKeyOf(replyKey) });
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', boxKey(shared, key, replyKey), nonce);
  const box = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { key, nonce: nonce.toString('base64url'), box: box.toString('base64url') };
}

/** The secret inside `sealed`; throws when it was not sealed to this key or was altered. */
export function openSealedSecret(sealed: SealedSecret, privateKey: KeyObject): string {
  const recipientX = xOf(createPublicKey(privateKey));
  const shared = diffieHellman({ privateKey, publicKey: publicKeyOf(sealed.key) });
  const box = Buffer.from(sealed.box, 'base64url');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    boxKey(shared, sealed.key, recipientX),
    Buffer.from(sealed.nonce, 'base64url'),
  );
  decipher.setAuthTag(box.subarray(box.length - 16));
  return Buffer.concat([decipher.update(box.subarray(0, box.length - 16)), decipher.final()]).toString('utf8');
}
