import { Injectable } from '@nestjs/common';
import { type AnimalResult, type IdentificationStatus, PrismaService } from '@wildid/common';
import type { HistoryCursor } from './history-cursor';

// History reads are per page, not per photo: Prisma is fast enough and keeps the keyset filter typed.
const LIST_SELECT = {
  id: true,
  status: true,
  createdAt: true,
  completedAt: true,
  result: true,
  errorCode: true,
  image: { select: { identificationId: true } },
} as const;
const NEWEST_FIRST = [{ createdAt: 'desc' }, { id: 'desc' }] as const;

/** One row of a person's history, as stored. */
export interface HistoryRow {
  id: string;
  status: IdentificationStatus;
  createdAt: Date;
  completedAt: Date | null;
  result: AnimalResult | null;
  errorCode: string | null;
  /** Whether the photo is still kept. */
  hasImage: boolean;
}

/** An anonymous identification and the hash of its access token (for a claim). */
export interface UnclaimedRow {
  id: string;
  accessTokenHash: string;
}

/** The history's reads and the claim's write, newest first, keyset-paged by (createdAt, id). */
@Injectable()
export class HistoryStore {
  constructor(private readonly prisma: PrismaService) {}

  async page(userId: string, take: number, after?: HistoryCursor): Promise<HistoryRow[]> {
    const rows = await this.prisma.identification.findMany({
      where: { userId, ...(after ? afterCursor(after) : {}) },
      orderBy: [...NEWEST_FIRST],
      take,
      select: LIST_SELECT,
    });
    return rows.map(({ image, result, ...row }) => ({ ...row, result: result as AnimalResult | null, hasImage: image !== null }));
  }

  /** Which of these ids are anonymous (no owner yet), with their token hashes. */
  async unclaimedAmong(ids: string[]): Promise<UnclaimedRow[]> {
    return this.prisma.identification.findMany({ where: { id: { in: ids }, userId: null }, select: { id: true, accessTokenHash: true } });
  }

  /** Gives the still-anonymous ones among `ids` to the user, kept until deleted; returns how many moved. */
  async moveToUser(ids: string[], userId: string): Promise<number> {
    const { count } = await this.prisma.identification.updateMany({ where: { id: { in: ids }, userId: null }, data: { userId, expiresAt: null } });
    return count;
  }
}

function afterCursor(cursor: HistoryCursor) {
  return {
    OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
  };
}
