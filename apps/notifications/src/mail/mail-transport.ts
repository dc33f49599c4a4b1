import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { DEFAULT_MAIL, MAIL_OPTIONS, type MailOptions } from './mail-options.js';

/**
 * The SMTP connection pool (nodemailer): a fan-out to thousands reuses a few connections instead
 * of one per message. Timeouts are short: a server that does not answer fails the attempt (to be
 * retried) instead of holding it for minutes.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(MAIL_OPTIONS) options: MailOptions) {
    this.transport = createTransport(
      {
        url: options.smtpUrl,
        pool: true,
        maxConnections: 4,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      },
      { from: options.from || DEFAULT_MAIL.from },
    );
  }

  async send(message: SendMailOptions): Promise<void> {
    await this.transport.sendMail(message);
  }

  /** Whether the SMTP server answers now. */
  async answers(): Promise<boolean> {
    try {
      return await this.transport.verify();
    } catch {
      return false;
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

/**
 * Whether an SMTP failure is permanent: the server refused the message itself (5xx reply), so
 * sending it again cannot help. Connection failures and 4xx replies are worth retrying.
 */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
