/*
 * The SMTP pool's own thread (see MailTransport): it builds each message's MIME and sends it
 * through nodemailer's pool, so that neither waits behind the service's database and queue work
 * on the main thread.
 */
import { workerData } from 'node:worker_threads';
import { createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { serveRequests } from '../threads/serve-requests.js';
import { buildRaw, type PoolRequest } from './smtp-pool-protocol.js';

const transport = createTransport(workerData as SMTPPool.Options);

serveRequests<PoolRequest, boolean>('SMTP pool', (request) =>
  request.kind === 'verify'
    ? transport.verify()
    : request.kind === 'close'
      ? Promise.resolve(transport.close()).then(() => true)
      : buildRaw(request.message).then(({ envelope, raw }) => transport.sendMail({ envelope, raw }).then(() => true)),
);
