import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IdentificationsModule } from '../identifications/identifications.module';
import { IdentificationEventsGateway } from './identification-events.gateway';
import { SessionSockets } from './session-sockets';

@Module({ imports: [AuthModule, IdentificationsModule], providers: [IdentificationEventsGateway, SessionSockets] })
export class RealtimeModule {}
