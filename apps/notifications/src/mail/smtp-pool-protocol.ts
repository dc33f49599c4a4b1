import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';

/** What the main thread asks of the SMTP pool's thread (answered true, or failed with the SMTP error's fields). */
export type PoolRequest = { kind: 'send'; message: SendMailOptions } | { kind: 'verify' } | { kind: 'close' };

/**
 * The message whole, as it goes on the wire, with its envelope (nodemailer's composer). A Buffer
 * that crossed threads arrives as a plain Uint8Array: attachments are made Buffers again.
 */
export async function buildRaw(
  message: SendMailOptions,
): Promise<{ envelope: { from: string; to: string[] }; raw: Buffer }> {
  const attachments = message.attachments?.map((a) => {
    const content: unknown = a.content;
    return content instanceof Uint8Array && !Buffer.isBuffer(content)
      ? { ...a, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) }
      : a;
  });
  const node = new MailComposer({ ...message, ...(attachments ? { attachments } : {}) }).compile();
  const raw = await node.build();
  return { envelope: node.getEnvelope() as { from: string; to: string[] }, raw };
}
