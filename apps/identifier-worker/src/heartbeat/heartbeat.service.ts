import { hostname } from 'node:os';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HEARTBEAT_INTERVAL_MS, IDENTIFIER_HEARTBEATS_KEY, type IdentifierHeartbeat } from '@wildid/common';
import { VisionModelClient } from '../identify/vision-model.client';
import { ModelRoster } from '../models/model-roster';
import { WorkerStateRedis } from '../redis/worker-state-redis';

/**
 * Tells gateways this worker is alive, which model it uses and what it knows
 * of each configured model (shown by their health checks and admin stats).
 * Also picks up what other workers found about the models.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  private readonly workerId = `${hostname()}:${process.pid}`;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: WorkerStateRedis,
    private readonly model: VisionModelClient,
    private readonly roster: ModelRoster,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.model.configured) {
      this.logger.warn('TOGETHER_API_KEY is not set: the identify queue stays paused (model_key_invalid) until it is');
    }
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
    this.roster.onChange(() => void this.beat());
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.redis.client.status === 'ready') await this.redis.client.hdel(IDENTIFIER_HEARTBEATS_KEY, this.workerId).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      await this.roster.refresh();
      const heartbeat: IdentifierHeartbeat = {
        workerId: this.workerId,
        model: this.model.model,
        modelConfigured: this.model.configured,
        models: this.roster.list(),
        at: new Date().toISOString(),
      };
      await this.redis.client.hset(IDENTIFIER_HEARTBEATS_KEY, this.workerId, JSON.stringify(heartbeat));
    } catch (error) {
      this.logger.warn({ msg: 'heartbeat not written', error: (error as Error).message });
    }
  }
}
