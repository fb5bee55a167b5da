import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { SessionEvents } from './session-events';
import { type ActiveAt, type SessionSelector, SessionStore } from './session.store';

export interface SignedInUser {
  id: string;
  email: string;
  isAdmin: boolean;
  /** Hash of the session token: identifies this session without being usable as one. */
  sessionId: string;
}

/** One row of `GET /api/me/sessions`. */
export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  current: boolean;
}

// Writing last-seen on every request would add a write per request; minute precision is enough for idle expiry.
const TOUCH_AFTER_MS = 60_000;
const MAX_USER_AGENT_LENGTH = 512;

/**
 * Sessions live in Postgres, so every gateway instance sees the same ones and
 * an ended session ends everywhere. Ending one marks the row (the maintenance
 * job deletes it after a retention period) and announces it, so its sockets close.
 */
@Injectable()
export class SessionService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly admins: Set<string>;

  constructor(
    private readonly store: SessionStore,
    private readonly events: SessionEvents,
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
  async start(userId: string, userAgent: string | undefined): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.store.create({
      id: sessionIdOf(token),
      userId,
      expiresAt: new Date(Date.now() + this.absoluteMs),
      userAgent: userAgent?.slice(0, MAX_USER_AGENT_LENGTH) || null,
    });
    return token;
  }

  async resolve(token: string): Promise<SignedInUser | null> {
    const id = sessionIdOf(token);
    const session = await this.store.find(id);
    if (!session || session.endedAt) return null;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.idleMs <= now) {
      await this.endWhere({ id });
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) await this.store.touch(id, new Date(now));
    return { id: session.user.id, email: session.user.email, isAdmin: this.admins.has(session.user.email), sessionId: id };
  }

  /** The user's sessions that still work, most recently used first. */
  async list(userId: string, currentSessionId: string): Promise<SessionSummary[]> {
    const rows = await this.store.activeOf(userId, this.activeNow());
    return rows.map((row) => ({ ...row, current: row.id === currentSessionId }));
  }

  async end(sessionId: string): Promise<void> {
    await this.endWhere({ id: sessionId });
  }

  /** Ends one of the user's own sessions; false when the user has no such active session (someone else's included). */
  async endOwn(userId: string, sessionId: string): Promise<boolean> {
    return (await this.endWhere({ id: sessionId, userId })).length > 0;
  }

  /** Sign out everywhere: every session of the user. */
  async endAllOf(userId: string): Promise<void> {
    await this.endWhere({ userId });
  }

  /** The given sessions that still work (for the socket sweep: the rest are disconnected). */
  async activeAmong(sessionIds: string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    return new Set(await this.store.activeAmong(sessionIds, this.activeNow()));
  }

  private activeNow(): ActiveAt {
    const now = Date.now();
    return { now: new Date(now), seenAfter: new Date(now - this.idleMs) };
  }

  private async endWhere(selector: SessionSelector): Promise<string[]> {
    const ids = await this.store.end(selector, new Date());
    this.events.ended(ids);
    return ids;
  }
}

function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
