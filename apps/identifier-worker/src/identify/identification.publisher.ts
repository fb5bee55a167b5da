import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import {
  IDENTIFICATION_EVENT,
  type ServerToClientEvents,
  closeRedis,
  createPatientRedis,
  identificationRoom,
  recordIdentifyFinished,
  userRoom,
} from '@wildid/common';
import type Redis from 'ioredis';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { WorkerStateRedis } from '../redis/worker-state-redis';
import { BatchEventsPublisher } from './batch-events.publisher';
import type { IdentificationChange } from './identification.store';

/** Pushes state changes to browsers through whichever gateway they are connected to. */
@Injectable()
export class IdentificationPublisher implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly emitter: Emitter<ServerToClientEvents>;

  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig,
    private readonly batchEvents: BatchEventsPublisher,
    private readonly state: WorkerStateRedis,
  ) {
    this.redis = createPatientRedis(config.REDIS_URL, 'identifier-worker:emitter');
    this.emitter = new Emitter<ServerToClientEvents>(this.redis);
  }

  /**
   * Sockets in both rooms get the event once. A change that ends an identification also counts
   * towards the measured pace (queue ETAs); one of a batch photo updates the batch's counts.
   */
  publish({ view, ownerId, batchId }: IdentificationChange): void {
    const rooms = ownerId ? [identificationRoom(view.id), userRoom(ownerId)] : identificationRoom(view.id);
    this.emitter.to(rooms).emit(IDENTIFICATION_EVENT, view);
    if (view.status === 'completed' || view.status === 'failed') void recordIdentifyFinished(this.state.client).catch(() => undefined);
    if (batchId && ownerId) this.batchEvents.changed(batchId, ownerId);
  }

  // Last phase: jobs finishing during shutdown still publish their result.
  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}
