import { Injectable } from '@nestjs/common';
import { PrismaService } from '@wildid/common';

/** A session row as read on every signed-in request, with its user. */
export interface StoredSession {
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  user: { id: string; email: string };
}

export interface NewSession {
  /** sha256 of the cookie's token. */
  id: string;
  userId: string;
  expiresAt: Date;
  userAgent: string | null;
}

/** Which sessions still work at `now`: not ended, not past their absolute expiry, seen after `seenAfter` (idle expiry). */
export interface ActiveAt {
  now: Date;
  seenAfter: Date;
}

/** Which sessions to end: one (`id`), all of a user's (`userId`), or one of a user's (both). */
export type SessionSelector = { id: string; userId?: string } | { userId: string };

/** A session's summary for its owner. */
export interface SessionRow {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
}

// Sessions are read once per request by primary key: Prisma's typed calls are enough (no hand-written SQL).
@Injectable()
export class SessionStore {
  constructor(private readonly prisma: PrismaService) {}

  async create(session: NewSession): Promise<void> {
    await this.prisma.session.create({ data: session, select: { id: true } });
  }

  async find(id: string): Promise<StoredSession | null> {
    return this.prisma.session.findUnique({
      where: { id },
      select: { lastSeenAt: true, expiresAt: true, endedAt: true, user: { select: { id: true, email: true } } },
    });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { id }, data: { lastSeenAt: at } });
  }

  /** The user's working sessions, most recently used first. */
  async activeOf(userId: string, active: ActiveAt): Promise<SessionRow[]> {
    return this.prisma.session.findMany({
      where: { userId, ...activeWhere(active) },
      orderBy: { lastSeenAt: 'desc' },
      select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true },
    });
  }

  async activeAmong(ids: string[], active: ActiveAt): Promise<string[]> {
    const rows = await this.prisma.session.findMany({ where: { id: { in: ids }, ...activeWhere(active) }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  /** Marks the selected sessions that had not ended as ended; returns their ids. */
  async end(selector: SessionSelector, at: Date): Promise<string[]> {
    const ended = await this.prisma.session.updateManyAndReturn({
      where: { ...selector, endedAt: null },
      data: { endedAt: at },
      select: { id: true },
    });
    return ended.map((row) => row.id);
  }
}

function activeWhere({ now, seenAfter }: ActiveAt) {
  return { endedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: seenAfter } };
}
