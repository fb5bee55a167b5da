import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AuthController } from './auth.controller';
import { MagicLinkService } from './magic-link.service';
import { MagicLinkStore } from './magic-link.store';
import { OriginCheckMiddleware } from './origin-check.middleware';
import { SessionCookie } from './session-cookie';
import { SessionEvents } from './session-events';
import { SessionMiddleware } from './session.middleware';
import { SessionService } from './session.service';
import { SessionStore } from './session.store';
import { SessionsController } from './sessions.controller';

@Module({
  imports: [RateLimitModule],
  controllers: [AuthController, SessionsController],
  providers: [SessionService, SessionStore, SessionEvents, SessionCookie, MagicLinkService, MagicLinkStore, SessionMiddleware, OriginCheckMiddleware],
  exports: [SessionService, SessionEvents, SessionCookie, SessionMiddleware, OriginCheckMiddleware],
})
export class AuthModule {}
