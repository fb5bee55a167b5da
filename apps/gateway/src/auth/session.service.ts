import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '@wildid/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

export interface SignedInUser {
  id: string;
  email: string;
  isAdmin: boolean;
  /** Hash of the session token: identifies this session without being usable as one. */
  sessionId: string;
}

// Writing last-seen on every request would add a write per request; minute precision is enough for idle expiry.
const TOUCH_AFTER_MS = 60_000;

/** Sessions live in Postgres, so every gateway instance sees the same ones and logout is global. */
@Injectable()
export class SessionService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly admins: Set<string>;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.idleMs = config.SESSION_IDLE_HOURS * 3_600_000;
    this.absoluteMs = config.SESSION_ABSOLUTE_DAYS * 86_400_000;
    this.admins = new Set(config.ADMIN_EMAILS);
  }

  get absoluteLifetimeMs(): number {
    return this.absoluteMs;
  }

  /** A fresh session with a new random token (never a client-chosen one: no fixation). */
  async start(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.prisma.session.create({
      data: { id: sessionIdOf(token), userId, expiresAt: new Date(Date.now() + this.absoluteMs) },
      select: { id: true },
    });
    return token;
  }

  async resolve(token: string): Promise<SignedInUser | null> {
    const id = sessionIdOf(token);
    const session = await this.prisma.session.findUnique({
      where: { id },
      select: { lastSeenAt: true, expiresAt: true, user: { select: { id: true, email: true } } },
    });
    if (!session) return null;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.idleMs <= now) {
      await this.prisma.session.deleteMany({ where: { id } });
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
      await this.prisma.session.updateMany({ where: { id }, data: { lastSeenAt: new Date(now) } });
    }
    return { id: session.user.id, email: session.user.email, isAdmin: this.admins.has(session.user.email), sessionId: id };
  }

  async end(sessionId: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { id: sessionId } });
  }
}

function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
