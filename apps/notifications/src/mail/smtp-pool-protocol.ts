import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';

/** What the main thread asks of the SMTP pool's thread. */
export type PoolRequest =
  | { id: number; kind: 'send'; message: SendMailOptions }
  | { id: number; kind: 'verify' }
  | { id: number; kind: 'close' };

/** Its answer: the SMTP error as plain fields (an Error's class does not cross threads). */
export type PoolReply =
  | { id: number; ok: true; value: boolean }
  | { id: number; ok: false; error: { message: string; responseCode?: number; code?: string } };

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

/** An SMTP failure from the pool's thread as an Error again, with the fields that classify it. */
export function poolError(error: { message: string; responseCode?: number; code?: string }): Error {
  return Object.assign(new Error(error.message), {
    ...(error.responseCode !== undefined ? { responseCode: error.responseCode } : {}),
    ...(error.code !== undefined ? { code: error.code } : {}),
  });
}
