import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IDENTIFY_QUEUE, closeRedis, createPatientRedis } from '@wildid/common';
import { QueueEvents } from 'bullmq';
import type Redis from 'ioredis';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { BatchFeeder } from './batch-feeder.service';

const identificationId = z.uuid();

/**
 * Every finished identify job may leave room for its owner's next batch photos. QueueEvents reads
 * with a blocking command, so it has its own patient connection (the gateway's BullMQ one fails fast).
 */
@Injectable()
export class BatchJobEventsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private redis?: Redis;
  private events?: QueueEvents;

  constructor(
    private readonly feeder: BatchFeeder,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.redis = createPatientRedis(this.config.REDIS_URL, 'gateway:identify-events');
    this.events = new QueueEvents(IDENTIFY_QUEUE, { connection: this.redis });
    const finished = ({ jobId }: { jobId: string }) => {
      if (identificationId.safeParse(jobId).success) void this.feeder.jobFinished(jobId);
    };
    this.events.on('completed', finished);
    this.events.on('failed', finished);
    // Outages are logged by the connection itself; a listener keeps them from being unhandled.
    this.events.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events?.close();
    if (this.redis) await closeRedis(this.redis);
  }
}
