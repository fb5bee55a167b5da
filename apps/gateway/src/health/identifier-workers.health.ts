import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { IDENTIFIER_HEARTBEAT_PREFIX, type IdentifierHeartbeat, identifierHeartbeatSchema } from '@wildid/common';
import type Redis from 'ioredis';
import { GATEWAY_REDIS } from '../redis/gateway-redis';

/**
 * Reports the identifier workers' heartbeats. Missing workers or a missing
 * model key degrade the service without failing the check: uploads are still
 * accepted and queued, and the body says why results will not come.
 */
@Injectable()
export class IdentifierWorkersHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  async check(key: string) {
    const session = this.indicators.check(key);
    let workers: IdentifierHeartbeat[];
    try {
      workers = await this.readHeartbeats();
    } catch (error) {
      return session.down({ message: `could not read worker heartbeats: ${(error as Error).message}` });
    }
    const summary = { workers: workers.length, models: [...new Set(workers.map((worker) => worker.model))] };
    if (workers.length === 0) {
      return session.degraded({ ...summary, message: 'No identifier worker is running; uploads wait in the queue until one starts.' });
    }
    if (workers.some((worker) => !worker.modelConfigured)) {
      return session.degraded({
        ...summary,
        message: 'TOGETHER_API_KEY is not set on the identifier workers; identifications fail with model_not_configured.',
      });
    }
    return session.up(summary);
  }

  private async readHeartbeats(): Promise<IdentifierHeartbeat[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${IDENTIFIER_HEARTBEAT_PREFIX}*`, 'COUNT', 100);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const values = await this.redis.mget(keys);
    return values.flatMap((value) => {
      const parsed = identifierHeartbeatSchema.safeParse(value ? JSON.parse(value) : null);
      return parsed.success ? [parsed.data] : [];
    });
  }
}
