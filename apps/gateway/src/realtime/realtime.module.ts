import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IdentificationsModule } from '../identifications/identifications.module';
import { IdentificationEventsGateway } from './identification-events.gateway';

@Module({ imports: [AuthModule, IdentificationsModule], providers: [IdentificationEventsGateway] })
export class RealtimeModule {}
