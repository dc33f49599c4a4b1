/*
 * The SMTP pool's own thread (see MailTransport): it builds each message's MIME and sends it
 * through nodemailer's pool, so that neither waits behind the service's database and queue work
 * on the main thread. Each request is answered once, with its id.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { buildRaw, type PoolReply, type PoolRequest } from './smtp-pool-protocol.js';

const port = parentPort!;
const transport = createTransport(workerData as SMTPPool.Options);

port.on('message', (request: PoolRequest) => {
  const work: Promise<boolean> =
    request.kind === 'verify'
      ? transport.verify()
      : request.kind === 'close'
        ? Promise.resolve(transport.close()).then(() => true)
        : buildRaw(request.message).then(({ envelope, raw }) => transport.sendMail({ envelope, raw }).then(() => true));
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
