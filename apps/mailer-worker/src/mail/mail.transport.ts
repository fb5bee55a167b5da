import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { MAILER_WORKER_CONFIG, type MailerWorkerConfig } from '../config/mailer-worker-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Seconds, not nodemailer's minutes-long defaults: a hung server must fail the attempt so BullMQ retries later. */
const SMTP_TIMEOUT_MS = 10_000;

/** The SMTP server at MAIL_SERVER:MAIL_PORT, over a small pool of reused connections. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
  private readonly from: string;

  constructor(@Inject(MAILER_WORKER_CONFIG) config: MailerWorkerConfig) {
    this.from = config.MAIL_FROM;
    const login = config.MAIL_USERNAME && config.MAIL_PASSWORD ? { user: config.MAIL_USERNAME, pass: config.MAIL_PASSWORD } : undefined;
    this.transporter = createTransport({
      pool: true,
      // One connection per job the worker may run at once.
      maxConnections: config.MAILER_CONCURRENCY,
      host: config.MAIL_SERVER,
      port: config.MAIL_PORT,
      secure: config.MAIL_SECURE,
      auth: login,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
  }

  /** Resolves once the server accepted the message; rejects with nodemailer's error (with `responseCode` on SMTP replies). */
  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // RFC 3834: tells vacation responders and ticket systems not to answer.
      headers: { 'Auto-Submitted': 'auto-generated' },
      // Our mails attach nothing: no content may make the worker read a file or fetch a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  /**
   * On application shutdown, not module destroy: Nest destroys this module
   * before BullMQ's, and the pool must outlive jobs still sending.
   */
  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
