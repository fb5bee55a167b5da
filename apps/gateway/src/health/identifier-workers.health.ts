import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { IdentifierHeartbeat } from '@wildid/common';

/**
 * Reports the identifier workers' heartbeats. Missing workers or a missing
 * model key degrade the service without failing the check: uploads are still
 * accepted and queued, and the body says why results will not come.
 */
@Injectable()
export class IdentifierWorkersHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  check(key: string, workers: IdentifierHeartbeat[]) {
    const session = this.indicators.check(key);
    const summary = { workers: workers.length, models: [...new Set(workers.map((worker) => worker.model))] };
    if (workers.length === 0) {
      return session.degraded({ ...summary, message: 'No identifier worker is running; uploads wait in the queue until one starts.' });
    }
    if (workers.some((worker) => !worker.modelConfigured)) {
      return session.degraded({
        ...summary,
        message: 'TOGETHER_API_KEY is not set on the identifier workers; the identify queue stays paused (model_key_invalid) until it is.',
      });
    }
    return session.up(summary);
  }

  unreadable(key: string, error: Error) {
    return this.indicators.check(key).down({ message: `could not read worker heartbeats: ${error.message}` });
  }
}
