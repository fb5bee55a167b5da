import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IdentificationsModule } from '../identifications/identifications.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { IdentificationEventsGateway } from './identification-events.gateway';
import { SessionSockets } from './session-sockets';

@Module({ imports: [AuthModule, IdentificationsModule, RateLimitModule], providers: [IdentificationEventsGateway, SessionSockets] })
export class RealtimeModule {}
