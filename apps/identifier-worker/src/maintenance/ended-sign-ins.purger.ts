import { Inject, Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@wildid/common';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';

export interface SignInPurge {
  magicLinkTokens: number;
  sessions: number;
}

/**
 * Deletes sign-in data that no longer works, once SIGN_IN_RETENTION_DAYS have
 * passed: magic-link tokens used or expired, sessions ended (sign-out, expiry
 * noticed) or past their absolute expiry. The retention keeps recent ones for
 * looking into a report ("I was signed out", "my link did not work").
 */
@Injectable()
export class EndedSignInsPurger {
  private readonly logger = new Logger(EndedSignInsPurger.name);
  private readonly retentionMs: number;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(IDENTIFIER_WORKER_CONFIG) config: Pick<IdentifierWorkerConfig, 'SIGN_IN_RETENTION_DAYS'>,
  ) {
    this.retentionMs = config.SIGN_IN_RETENTION_DAYS * 86_400_000;
  }

  async purge(now = new Date()): Promise<SignInPurge> {
    const cutoff = new Date(now.getTime() - this.retentionMs);
    const tokens = await this.prisma.magicLinkToken.deleteMany({ where: { OR: [{ usedAt: { lt: cutoff } }, { expiresAt: { lt: cutoff } }] } });
    const sessions = await this.prisma.session.deleteMany({ where: { OR: [{ endedAt: { lt: cutoff } }, { expiresAt: { lt: cutoff } }] } });
    const purged = { magicLinkTokens: tokens.count, sessions: sessions.count };
    if (purged.magicLinkTokens + purged.sessions > 0) this.logger.log({ msg: 'purged sign-in links and sessions past retention', ...purged });
    return purged;
  }
}
