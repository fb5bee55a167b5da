import { createHash, randomBytes } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { MAIL_QUEUE, enqueueMail, sealMagicLinkToken, secretKeyOf } from '@wildid/common';
import type { Queue } from 'bullmq';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { RateLimiter } from '../rate-limit/rate-limiter.service';
import { MagicLinkStore } from './magic-link.store';

export type TokenProblem = { ok: false; reason: 'unknown' | 'used' | 'expired' };
export type TokenCheck = { ok: true } | TokenProblem;
export type RedeemOutcome = { ok: true; userId: string } | TokenProblem;

/** One-time sign-in tokens: created here, mailed by the mailer worker, redeemed once. */
@Injectable()
export class MagicLinkService {
  private readonly logger = new Logger(MagicLinkService.name);

  constructor(
    private readonly store: MagicLinkStore,
    private readonly rateLimiter: RateLimiter,
    @InjectQueue(MAIL_QUEUE) private readonly mailQueue: Queue,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Same answer whether or not an account exists, so addresses cannot be probed. */
  async request(email: string, clientIp: string, requestId: string): Promise<void> {
    await this.rateLimiter.consume(
      { name: 'magic-link-ip', what: 'sign-in requests from your network', limit: this.config.RATE_LIMIT_MAGIC_LINK_PER_IP_HOUR, windowSeconds: 3600 },
      clientIp,
    );
    await this.rateLimiter.consume(
      { name: 'magic-link-email', what: 'sign-in links for this address', limit: this.config.RATE_LIMIT_MAGIC_LINK_PER_EMAIL_HOUR, windowSeconds: 3600 },
      hash(email),
    );
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.MAGIC_LINK_TTL_MINUTES * 60_000);
    const rowId = await this.store.create(email, hash(token), expiresAt);
    try {
      await enqueueMail(
        this.mailQueue,
        {
          template: 'magic-link',
          to: email,
          sealedToken: sealMagicLinkToken(token, email, secretKeyOf(this.config)),
          expiresAt: expiresAt.toISOString(),
          requestId,
        },
        { attempts: this.config.MAIL_ATTEMPTS, backoffMs: this.config.MAIL_BACKOFF_MS },
      );
    } catch (error) {
      this.logger.error({ msg: 'could not enqueue sign-in mail', requestId, error: (error as Error).message });
      await this.store.delete(rowId).catch(() => undefined);
      throw new ServiceUnavailableException('Sign-in mail cannot be sent right now. Please try again in a minute.');
    }
  }

  /**
   * Counts one look at a token (the confirmation page or its POST) from `clientIp`.
   * Tokens cannot be guessed (256 bits); this bounds the database lookups a guesser can cause.
   */
  async limitVerifyAttempts(clientIp: string): Promise<void> {
    await this.rateLimiter.consume(
      { name: 'verify-ip', what: 'sign-in attempts from your network', limit: this.config.RATE_LIMIT_VERIFY_PER_IP_HOUR, windowSeconds: 3600 },
      clientIp,
    );
  }

  /** Checks the token without using it up (for the confirmation page). */
  async check(token: string): Promise<TokenCheck> {
    const row = await this.store.find(hash(token));
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.usedAt) return { ok: false, reason: 'used' };
    if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true };
  }

  /** Uses the token up (atomically, so two clicks cannot both sign in) and returns the user, created on first sign-in. */
  async redeem(token: string): Promise<RedeemOutcome> {
    const email = await this.store.use(hash(token), new Date());
    if (email === null) {
      const checked = await this.check(token);
      return checked.ok ? { ok: false, reason: 'used' } : checked;
    }
    return { ok: true, userId: await this.store.userFor(email) };
  }
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
