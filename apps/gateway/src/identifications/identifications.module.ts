import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { IdentificationChanges } from './identification-changes';
import { IdentificationService } from './identification.service';
import { IdentificationStore } from './identification.store';
import { IdentificationsController } from './identifications.controller';
import { ImageNormalizer } from './image-normalizer.service';
import { ImageUploadInterceptor } from './image-upload.interceptor';

@Module({
  imports: [RateLimitModule],
  controllers: [IdentificationsController],
  providers: [IdentificationChanges, IdentificationService, IdentificationStore, ImageNormalizer, ImageUploadInterceptor],
  exports: [IdentificationChanges, IdentificationService, ImageNormalizer],
})
export class IdentificationsModule {}
