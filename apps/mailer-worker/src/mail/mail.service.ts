import { Inject, Injectable } from '@nestjs/common';
import { type MagicLinkMail, type MailJob, openMagicLinkToken, secretKeyOf } from '@wildid/common';
import { MAILER_WORKER_CONFIG, type MailerWorkerConfig } from '../config/mailer-worker-config';
import { magicLinkUrl, renderMagicLinkMail } from './magic-link.mail';
import { PermanentMailError } from './mail-failure';
import { MailTransport } from './mail.transport';

/** The failed job's reason; names no address, so the dashboard and logs may show it. */
export const INVALID_TOKEN_SEAL =
  'invalid_token_seal: the sign-in token was not sealed for this recipient with this SECRET_KEY (job edited, copied to another address, or sealed with another key); nothing sent';

/**
 * Turns a mail job into a sent message. Throws PermanentMailError when the
 * mail can never be sent, and the transport's error otherwise.
 */
@Injectable()
export class MailService {
  constructor(
    private readonly transport: MailTransport,
    @Inject(MAILER_WORKER_CONFIG) private readonly config: MailerWorkerConfig,
  ) {}

  async send(mail: MailJob, now = new Date()): Promise<void> {
    switch (mail.template) {
      case 'magic-link':
        return this.sendMagicLink(mail, now);
    }
  }

  private async sendMagicLink(mail: MagicLinkMail, now: Date): Promise<void> {
    const token = this.openToken(mail);
    const expiresAt = new Date(mail.expiresAt);
    // After a long SMTP outage the link may be dead already; a mail with a dead link only confuses.
    if (expiresAt.getTime() <= now.getTime()) throw new PermanentMailError('link_expired');
    const content = renderMagicLinkMail({ link: magicLinkUrl(this.config.PUBLIC_URL, token), expiresAt, now });
    await this.transport.send({ to: mail.to, ...content });
  }

  /**
   * A seal that does not open never will: sealed for another address (the job
   * was edited or copied to a new recipient), with another SECRET_KEY, or altered.
   */
  private openToken(mail: MagicLinkMail): string {
    try {
      return openMagicLinkToken(mail.sealedToken, mail.to, secretKeyOf(this.config));
    } catch {
      throw new PermanentMailError(INVALID_TOKEN_SEAL);
    }
  }
}
