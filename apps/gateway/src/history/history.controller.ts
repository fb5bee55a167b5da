import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { REVIEW_FILTER_HINT } from '@wildid/common';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { reviewFilterQuery } from '../reviews/review-filter';
import type { SignedInUser } from '../auth/session.service';
import { decodeCursor } from './history-cursor';
import { HistoryService, claimSchema } from './history.service';

export const historyQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  review: reviewFilterQuery,
});
export const HISTORY_QUERY_INVALID = `limit must be a whole number from 1 to 100; ${REVIEW_FILTER_HINT}.`;
export const CLAIM_INVALID = 'Send { identifications: [{ id, accessToken }, …] } (1 to 200 items).';

@Controller('api/me/identifications')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  async list(@CurrentUser() user: SignedInUser, @Query(new ZodValidationPipe(historyQuerySchema, HISTORY_QUERY_INVALID)) query: z.output<typeof historyQuerySchema>) {
    return this.history.list(user.id, query.limit, query.review, query.cursor ? decodeCursor(query.cursor) : undefined);
  }

  @Post('claim')
  @HttpCode(200)
  async claim(@CurrentUser() user: SignedInUser, @Body(new ZodValidationPipe(claimSchema, CLAIM_INVALID)) body: z.output<typeof claimSchema>): Promise<{ claimed: number }> {
    return { claimed: await this.history.claim(user.id, body.identifications) };
  }
}
