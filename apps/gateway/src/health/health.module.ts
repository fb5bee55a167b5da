import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthDisclosure } from './health-disclosure';
import { HealthController } from './health.controller';
import { IdentifierWorkersHealthIndicator } from './identifier-workers.health';
import { ModelStateReader } from './model-state.reader';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, IdentifierWorkersHealthIndicator, ModelStateReader, HealthDisclosure],
})
export class HealthModule {}
