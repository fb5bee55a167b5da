import { Module } from '@nestjs/common';
import { IdentificationsModule } from '../identifications/identifications.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { BatchIntake } from './batch-intake.service';
import { BatchUploadGuard } from './batch-upload.guard';
import { BatchUploadInterceptor } from './batch-upload.interceptor';
import { BatchService } from './batch.service';
import { BatchStore } from './batch.store';
import { BatchesController } from './batches.controller';

@Module({
  imports: [IdentificationsModule, RateLimitModule],
  controllers: [BatchesController],
  providers: [BatchService, BatchStore, BatchIntake, BatchUploadGuard, BatchUploadInterceptor],
})
export class BatchesModule {}
