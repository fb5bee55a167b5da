import { Module } from '@nestjs/common';
import { IdentificationsModule } from '../identifications/identifications.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { BatchFeedStore } from './batch-feed.store';
import { BatchFeeder } from './batch-feeder.service';
import { BatchIntake } from './batch-intake.service';
import { BatchJobEventsListener } from './batch-job-events.listener';
import { BatchUploadGuard } from './batch-upload.guard';
import { BatchUploadInterceptor } from './batch-upload.interceptor';
import { BatchService } from './batch.service';
import { BatchStore } from './batch.store';
import { BatchesController } from './batches.controller';

@Module({
  imports: [IdentificationsModule, RateLimitModule],
  controllers: [BatchesController],
  providers: [BatchService, BatchStore, BatchFeedStore, BatchFeeder, BatchJobEventsListener, BatchIntake, BatchUploadGuard, BatchUploadInterceptor],
})
export class BatchesModule {}
