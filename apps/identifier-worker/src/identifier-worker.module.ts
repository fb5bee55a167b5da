import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { IDENTIFY_QUEUE, MAINTENANCE_QUEUE, METRICS_REGISTRY, PrismaModule, createMetricsRegistry, createPatientRedis } from '@wildid/common';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from './config/identifier-worker-config';
import { HeartbeatService } from './heartbeat/heartbeat.service';
import { BatchEventsPublisher } from './identify/batch-events.publisher';
import { FinalFailuresListener } from './identify/final-failures.listener';
import { IdentificationPublisher } from './identify/identification.publisher';
import { IdentificationStore } from './identify/identification.store';
import { IdentifyProcessor } from './identify/identify.processor';
import { IdentifyService } from './identify/identify.service';
import { VisionModelClient } from './identify/vision-model.client';
import { EndedSignInsPurger } from './maintenance/ended-sign-ins.purger';
import { DailySpend } from './models/daily-spend';
import { ModelPauseService } from './models/model-pause.service';
import { ModelRoster } from './models/model-roster';
import { ModelWatchService } from './models/model-watch.service';
import { WaitingIdentificationsNotifier } from './models/waiting-identifications.notifier';
import { WorkerStateRedis } from './redis/worker-state-redis';
import { ExpiredIdentificationsPurger } from './maintenance/expired-identifications.purger';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { IdentifierHealthService } from './health/identifier-health.service';
import { IdentifyMetrics } from './health/identify.metrics';

@Module({})
export class IdentifierWorkerModule {
  static forConfig(config: IdentifierWorkerConfig): DynamicModule {
    return {
      module: IdentifierWorkerModule,
      imports: [
        PrismaModule.forRoot({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        BullModule.forRoot({ connection: createPatientRedis(config.REDIS_URL, 'identifier-worker:bullmq') }),
        BullModule.registerQueue({ name: IDENTIFY_QUEUE }, { name: MAINTENANCE_QUEUE }),
      ],
      providers: [
        { provide: IDENTIFIER_WORKER_CONFIG, useValue: config },
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry('identifier-worker') },
        IdentifyMetrics,
        IdentifierHealthService,
        WorkerStateRedis,
        ModelRoster,
        DailySpend,
        WaitingIdentificationsNotifier,
        ModelPauseService,
        ModelWatchService,
        VisionModelClient,
        IdentificationStore,
        BatchEventsPublisher,
        IdentificationPublisher,
        IdentifyService,
        IdentifyProcessor,
        FinalFailuresListener,
        HeartbeatService,
        ExpiredIdentificationsPurger,
        EndedSignInsPurger,
        MaintenanceProcessor,
      ],
    };
  }
}
