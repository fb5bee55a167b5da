import { Inject, Injectable } from '@nestjs/common';
import { MAGIC_LINK_SEAL_PURPOSE, type MagicLinkMail, type MailJob, openSealedSecret, secretKeyOf } from '@wildid/common';
import { MAILER_WORKER_CONFIG, type MailerWorkerConfig } from '../config/mailer-worker-config';
import { magicLinkUrl, renderMagicLinkMail } from './magic-link.mail';
import { PermanentMailError } from './mail-failure';
import { MailTransport } from './mail.transport';

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
    const token = this.openToken(mail.sealedToken);
    const expiresAt = new Date(mail.expiresAt);
    // After a long SMTP outage the link may be dead already; a mail with a dead link only confuses.
    if (expiresAt.getTime() <= now.getTime()) throw new PermanentMailError('link_expired');
    const content = renderMagicLinkMail({ link: magicLinkUrl(this.config.PUBLIC_URL, token), expiresAt, now });
    await this.transport.send({ to: mail.to, ...content });
  }

  /** A seal that does not open (other SECRET_KEY, tampered) never will. */
  private openToken(sealedToken: string): string {
    try {
      return openSealedSecret(sealedToken, secretKeyOf(this.config), MAGIC_LINK_SEAL_PURPOSE);
    } catch {
      throw new PermanentMailError('invalid_token_seal');
    }
  }
}
