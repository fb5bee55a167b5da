import { Inject, Injectable, Logger } from '@nestjs/common';
import { MODEL_AVAILABILITY_KEY, type ModelStatus, modelStatusSchema } from '@wildid/common';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { WorkerStateRedis } from '../redis/worker-state-redis';

/**
 * The configured models in order and whether the provider serves each. Kept
 * in memory for the hot path (no Redis read per job) and shared through one
 * Redis hash, refreshed with every heartbeat, so a model one worker finds
 * retired is skipped by all.
 */
@Injectable()
export class ModelRoster {
  private readonly logger = new Logger(ModelRoster.name);
  readonly names: readonly string[];
  private readonly statuses = new Map<string, ModelStatus>();
  private readonly changeListeners: Array<() => void> = [];

  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig,
    private readonly redis: WorkerStateRedis,
  ) {
    this.names = config.TOGETHER_MODEL;
  }

  /** The first model not known to be unserved; null when the provider serves none of them. */
  current(): string | null {
    return this.names.find((name) => this.statuses.get(name)?.available !== false) ?? null;
  }

  /** Every configured model in order; one never checked yet counts as available until a call says otherwise. */
  list(): ModelStatus[] {
    return this.names.map((name) => this.statuses.get(name) ?? { name, available: true, reason: 'not checked yet', checkedAt: new Date(0).toISOString() });
  }

  /** Called after a model turns served or unserved (the heartbeat publishes it at once). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  async record(status: ModelStatus): Promise<void> {
    const before = this.statuses.get(status.name);
    this.statuses.set(status.name, status);
    await this.redis.client.hset(MODEL_AVAILABILITY_KEY, status.name, JSON.stringify(status));
    if (before?.available !== status.available) {
      this.logger.log({ msg: status.available ? 'model served' : 'model not served', model: status.name, reason: status.reason });
      for (const listener of this.changeListeners) listener();
    }
  }

  /** Adopts what other workers found since, when it is newer than what this one knows. */
  async refresh(): Promise<void> {
    const values = await this.redis.client.hmget(MODEL_AVAILABILITY_KEY, ...this.names);
    for (const raw of values) {
      const shared = raw ? modelStatusSchema.safeParse(JSON.parse(raw)) : null;
      if (!shared?.success) continue;
      const known = this.statuses.get(shared.data.name);
      if (!known || Date.parse(known.checkedAt) < Date.parse(shared.data.checkedAt)) this.statuses.set(shared.data.name, shared.data);
    }
  }
}
