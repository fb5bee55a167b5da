import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import {
  BATCH_COUNTS_SQL,
  BATCH_EVENT,
  BATCH_REMAINING_SQL,
  type BatchCounts,
  type BatchEvent,
  PrismaService,
  type ServerToClientEvents,
  batchEtaOf,
  measuredIdentifyRate,
  userRoom,
} from '@wildid/common';
import { WorkerStateRedis } from '../redis/worker-state-redis';

/** At most 2 `batch` events per second per batch, across every worker: one event per gate. */
export const BATCH_EVENT_GAP_MS = 500;
const GATE_PREFIX = 'wildid:batch-event-gate:';

/**
 * Pushes a batch's counts (and ETA) to its owner's sockets when its photos change, throttled by a
 * Redis gate shared by all workers. A change that finds the gate shut waits for it to open (a
 * trailing event that reads the counts then), so the last change is always followed by an event
 * with the final counts.
 */
@Injectable()
export class BatchEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(BatchEventsPublisher.name);
  private readonly emitter: Emitter<ServerToClientEvents>;
  /** Batches with a trailing event due in this process. */
  private readonly trailing = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly state: WorkerStateRedis,
  ) {
    this.emitter = new Emitter<ServerToClientEvents>(state.client);
  }

  /** A photo of the batch changed state; never throws (an event is only a hint, the view is the truth). */
  changed(batchId: string, ownerId: string): void {
    if (this.trailing.has(batchId)) return;
    void this.tryEmit(batchId, ownerId).catch((error: Error) => this.logger.warn({ msg: 'could not publish a batch event', batchId, error: error.message }));
  }

  private async tryEmit(batchId: string, ownerId: string): Promise<void> {
    const gate = GATE_PREFIX + batchId;
    if ((await this.state.client.set(gate, '1', 'PX', BATCH_EVENT_GAP_MS, 'NX')) === 'OK') {
      this.emitter.to(userRoom(ownerId)).emit(BATCH_EVENT, await this.eventOf(batchId));
      return;
    }
    const waitMs = Math.max(10, await this.state.client.pttl(gate));
    if (this.trailing.has(batchId)) return;
    const timer = setTimeout(() => {
      this.trailing.delete(batchId);
      this.changed(batchId, ownerId);
    }, waitMs);
    this.trailing.set(batchId, timer);
  }

  private async eventOf(batchId: string): Promise<BatchEvent> {
    const [counts, remaining, rate] = await Promise.all([
      this.prisma.pool.query<BatchCounts>(BATCH_COUNTS_SQL, [batchId]),
      this.prisma.pool.query<{ mine: number; jobs: number }>(BATCH_REMAINING_SQL, [batchId]),
      measuredIdentifyRate(this.state.client).catch(() => null),
    ]);
    const eta = batchEtaOf(remaining.rows[0], rate);
    return { id: batchId, counts: counts.rows[0]!, ...(eta ? { eta } : {}) };
  }

  /** Trailing events still due are dropped: clients re-read the batch when they reconnect. */
  onApplicationShutdown(): void {
    for (const timer of this.trailing.values()) clearTimeout(timer);
    this.trailing.clear();
  }
}
