/*
 * The SMTP pool's own thread (see MailTransport): it sends each message, built whole by the main
 * thread, through nodemailer's pool, so that no SMTP reply waits behind the service's database
 * work on the main thread. Each request is answered once, with its id.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { PoolReply, PoolRequest } from './smtp-pool-protocol.js';

const port = parentPort!;
const transport = createTransport(workerData as SMTPPool.Options);

port.on('message', (request: PoolRequest) => {
  const work: Promise<boolean> =
    request.kind === 'verify'
      ? transport.verify()
      : request.kind === 'close'
        ? Promise.resolve(transport.close()).then(() => true)
        : // A Buffer that crossed threads arrives as a plain Uint8Array: a Buffer again, without a copy.
          transport
            .sendMail({
              envelope: request.envelope,
              raw: Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength),
            })
            .then(() => true);
  work.then(
    (value): void => port.postMessage({ id: request.id, ok: true, value } satisfies PoolReply),
    (error: unknown): void => {
      const { message, responseCode, code } = (error ?? {}) as {
        message?: string;
        responseCode?: number;
        code?: string;
      };
      port.postMessage({
        id: request.id,
        ok: false,
        error: { message: message ?? 'the SMTP pool failed', responseCode, code },
      } satisfies PoolReply);
    },
  );
});
