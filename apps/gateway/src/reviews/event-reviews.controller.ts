import { Body, Controller, Delete, Param, Put } from '@nestjs/common';
import { REVIEW_INVALID, type ReviewRequest, reviewRequestSchema } from '@wildid/common';
import { CurrentUser } from '../auth/current-user';
import type { SignedInUser } from '../auth/session.service';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ReviewService } from './review.service';

/** The review of a whole event (a burst) of a batch: the same body as one identification's, applied to each finished photo. */
@Controller('api/batches/:id/events/:eventId/review')
export class EventReviewsController {
  constructor(private readonly reviews: ReviewService) {}

  @Put()
  async review(
    @Param('id') batchId: string,
    @Param('eventId') eventId: string,
    @CurrentUser() user: SignedInUser,
    @Body(new ZodValidationPipe(reviewRequestSchema, REVIEW_INVALID)) body: ReviewRequest,
  ): Promise<{ updated: number }> {
    return this.reviews.reviewEvent(batchId, eventId, user, body);
  }

  @Delete()
  async undo(@Param('id') batchId: string, @Param('eventId') eventId: string, @CurrentUser() user: SignedInUser): Promise<{ updated: number }> {
    return this.reviews.reviewEvent(batchId, eventId, user, null);
  }
}
