import { Module } from '@nestjs/common';
import { IdentificationsModule } from '../identifications/identifications.module';
import { EventReviewsController } from './event-reviews.controller';
import { ReviewService } from './review.service';
import { ReviewStore } from './review.store';
import { ReviewsController } from './reviews.controller';

@Module({
  imports: [IdentificationsModule],
  controllers: [ReviewsController, EventReviewsController],
  providers: [ReviewService, ReviewStore],
  exports: [ReviewService, ReviewStore],
})
export class ReviewsModule {}
