import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AuthController } from './auth.controller';
import { MagicLinkService } from './magic-link.service';
import { OriginCheckMiddleware } from './origin-check.middleware';
import { SessionCookie } from './session-cookie';
import { SessionEvents } from './session-events';
import { SessionMiddleware } from './session.middleware';
import { SessionService } from './session.service';
import { SessionsController } from './sessions.controller';

@Module({
  imports: [RateLimitModule],
  controllers: [AuthController, SessionsController],
  providers: [SessionService, SessionEvents, SessionCookie, MagicLinkService, SessionMiddleware, OriginCheckMiddleware],
  exports: [SessionService, SessionEvents, SessionCookie, SessionMiddleware, OriginCheckMiddleware],
})
export class AuthModule {}
