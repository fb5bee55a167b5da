import { Inject, Injectable } from '@nestjs/common';
import { type AnimalResult, type HistoryItem, type ReviewFilter, identifiedAsOf, reviewOf } from '@wildid/common';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { accessTokenMatches } from '../identifications/access-token';
import { type HistoryCursor, encodeCursor } from './history-cursor';
import { type HistoryRow, HistoryStore } from './history.store';
import { publicLink } from '../http/public-link';

export const claimSchema = z.object({
  identifications: z.array(z.object({ id: z.uuid(), accessToken: z.string().max(128) })).min(1).max(200),
});

/** A signed-in person's identifications: listing and claiming anonymous ones (exports/ writes them out). */
@Injectable()
export class HistoryService {
  private readonly publicUrl: string;
  private readonly reviewBelowConfidence: number;

  constructor(
    private readonly store: HistoryStore,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.publicUrl = config.PUBLIC_URL;
    this.reviewBelowConfidence = config.REVIEW_BELOW_CONFIDENCE;
  }

  async list(userId: string, limit: number, review?: ReviewFilter, cursor?: HistoryCursor): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
    // One row more than asked tells whether there is a next page.
    const rows = await this.store.page(userId, limit + 1, { review, reviewBelowConfidence: this.reviewBelowConfidence }, cursor);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map((row) => this.toItem(row)), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** Moves anonymous identifications whose access tokens this browser holds into the account. */
  async claim(userId: string, claims: z.infer<typeof claimSchema>['identifications']): Promise<number> {
    const rows = await this.store.unclaimedAmong(claims.map((claim) => claim.id));
    // An id may come more than once (tabs that stored it twice, a stale copy): any matching token claims it.
    const owned = rows
      .filter((row) => claims.some((claim) => claim.id === row.id && accessTokenMatches(claim.accessToken, row.accessTokenHash)))
      .map((row) => row.id);
    if (owned.length === 0) return 0;
    return this.store.moveToUser(owned, userId);
  }

  private toItem(row: HistoryRow): HistoryItem {
    const result = row.result as AnimalResult | null;
    const item: HistoryItem = { id: row.id, status: row.status, createdAt: row.createdAt.toISOString() };
    if (row.completedAt) item.completedAt = row.completedAt.toISOString();
    if (result) {
      Object.assign(item, {
        isAnimal: result.isAnimal,
        commonName: result.commonName,
        scientificName: result.scientificName,
        confidence: result.confidence,
        conservationStatus: result.conservationStatus,
      });
    }
    if (row.errorCode) item.errorCode = row.errorCode;
    if (row.hasImage) item.imageUrl = publicLink(this.publicUrl, `api/identifications/${row.id}/image`);
    const review = reviewOf(row);
    if (review) item.review = review;
    const identifiedAs = identifiedAsOf(result, review);
    if (identifiedAs) item.identifiedAs = identifiedAs;
    if (row.needsLook) item.needsLook = true;
    return item;
  }
}
