import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';

/** What the main thread asks of the SMTP pool's thread: a message is sent as the bytes the main thread built. */
export type PoolRequest =
  | { id: number; kind: 'send'; envelope: { from: string; to: string[] }; raw: Uint8Array }
  | { id: number; kind: 'verify' }
  | { id: number; kind: 'close' };

/** Its answer: the SMTP error as plain fields (an Error's class does not cross threads). */
export type PoolReply =
  | { id: number; ok: true; value: boolean }
  | { id: number; ok: false; error: { message: string; responseCode?: number; code?: string } };

/** The message whole, as it goes on the wire, with its envelope (nodemailer's composer). */
export async function buildRaw(
  message: SendMailOptions,
): Promise<{ envelope: { from: string; to: string[] }; raw: Buffer }> {
  const node = new MailComposer(message).compile();
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
