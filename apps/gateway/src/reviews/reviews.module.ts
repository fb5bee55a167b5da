import { Module } from '@nestjs/common';
import { IdentificationsModule } from '../identifications/identifications.module';
import { ReviewService } from './review.service';
import { ReviewStore } from './review.store';
import { ReviewsController } from './reviews.controller';

@Module({
  imports: [IdentificationsModule],
  controllers: [ReviewsController],
  providers: [ReviewService, ReviewStore],
  exports: [ReviewService, ReviewStore],
})
export class ReviewsModule {}
