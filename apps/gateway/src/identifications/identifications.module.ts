import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { IdentificationService } from './identification.service';
import { IdentificationStore } from './identification.store';
import { IdentificationsController } from './identifications.controller';
import { ImageNormalizer } from './image-normalizer.service';
import { ImageUploadInterceptor } from './image-upload.interceptor';

@Module({
  imports: [RateLimitModule],
  controllers: [IdentificationsController],
  providers: [IdentificationService, IdentificationStore, ImageNormalizer, ImageUploadInterceptor],
  exports: [IdentificationService, ImageNormalizer],
})
export class IdentificationsModule {}
