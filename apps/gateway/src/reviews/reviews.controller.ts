import { Body, Controller, Delete, Param, Put } from '@nestjs/common';
import { type IdentificationView, REVIEW_INVALID, type ReviewRequest, reviewRequestSchema } from '@wildid/common';
import { CurrentUser } from '../auth/current-user';
import type { SignedInUser } from '../auth/session.service';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ReviewService } from './review.service';

@Controller('api/identifications/:id/review')
export class ReviewsController {
  constructor(private readonly reviews: ReviewService) {}

  @Put()
  async review(
    @Param('id') id: string,
    @CurrentUser() user: SignedInUser,
    @Body(new ZodValidationPipe(reviewRequestSchema, REVIEW_INVALID)) body: ReviewRequest,
  ): Promise<IdentificationView> {
    return this.reviews.review(id, user, body);
  }

  @Delete()
  async undo(@Param('id') id: string, @CurrentUser() user: SignedInUser): Promise<IdentificationView> {
    return this.reviews.undo(id, user);
  }
}
