import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MAIL_QUEUE } from '@wildid/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AuthController } from './auth.controller';
import { MagicLinkService } from './magic-link.service';
import { OriginCheckMiddleware } from './origin-check.middleware';
import { SessionMiddleware } from './session.middleware';
import { SessionService } from './session.service';

@Module({
  imports: [BullModule.registerQueue({ name: MAIL_QUEUE }), RateLimitModule],
  controllers: [AuthController],
  providers: [SessionService, MagicLinkService, SessionMiddleware, OriginCheckMiddleware],
  exports: [SessionService, SessionMiddleware, OriginCheckMiddleware],
})
export class AuthModule {}
