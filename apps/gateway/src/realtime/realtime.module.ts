import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IdentificationsModule } from '../identifications/identifications.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { IdentificationEventsGateway } from './identification-events.gateway';

@Module({ imports: [AuthModule, IdentificationsModule, RateLimitModule], providers: [IdentificationEventsGateway] })
export class RealtimeModule {}
