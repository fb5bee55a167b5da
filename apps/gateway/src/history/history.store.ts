import { Injectable } from '@nestjs/common';
import {
  IDENTIFICATION_VIEW_SQL,
  type IdentificationViewRow,
  PrismaService,
  type ReviewFilter,
  utcParam,
} from '@wildid/common';
import { needsLookSql, reviewFilterSql } from '../reviews/review-filter';
import type { HistoryCursor } from './history-cursor';

// A page is SQL: the review filter and the needsLook flag share one expression with the batch pages
// (reviews/review-filter.ts). The keyset is (created_at, id), newest first, on the (user_id, created_at) index.
const historyPage = (review: ReviewFilter | undefined) => `
  SELECT ${IDENTIFICATION_VIEW_SQL},
    EXISTS (SELECT 1 FROM identification_images WHERE identification_id = identifications.id) AS "hasImage",
    ${needsLookSql('$5')} AS "needsLook"
  FROM identifications
  WHERE user_id = $1 AND ${reviewFilterSql(review, '$5')}
    AND ($3::timestamptz IS NULL OR (created_at, id) < (${utcParam(3)}, $4::uuid))
  ORDER BY created_at DESC, id DESC LIMIT $2`;

/** One row of a person's history, as stored. */
export interface HistoryRow extends IdentificationViewRow {
  /** Whether the photo is still kept. */
  hasImage: boolean;
  needsLook: boolean;
}

/** Which rows of a history page: a review filter, and the confidence under which an answer needs a look. */
export interface HistoryPageFilter {
  review?: ReviewFilter;
  reviewBelowConfidence: number;
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

  async page(userId: string, take: number, filter: HistoryPageFilter, after?: HistoryCursor): Promise<HistoryRow[]> {
    const { rows } = await this.prisma.pool.query<HistoryRow>(historyPage(filter.review), [
      userId,
      take,
      after?.createdAt.toISOString() ?? null,
      after?.id ?? null,
      filter.reviewBelowConfidence,
    ]);
    return rows;
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
