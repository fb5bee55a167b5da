import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY, boundedLabel } from '@wildid/common';
import { Counter, Histogram, type Registry } from 'prom-client';

/** What only the identifier knows: how the model answers, and why identifications fail. */
@Injectable()
export class IdentifyMetrics {
  private readonly modelDuration: Histogram<'model' | 'outcome'>;
  private readonly failures: Counter<'reason'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.modelDuration = new Histogram({
      name: 'wildid_model_request_duration_seconds',
      help: 'Latency of one request to the vision model, by model and outcome (ok or the failure code).',
      labelNames: ['model', 'outcome'],
      buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60, 120],
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'wildid_identifications_failed_total',
      help: 'Identifications that ended as failed, by reason (the code shown to the user).',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  /** Runs one model request and records how long it took and how it ended. */
  async timeModelCall<T>(model: string, call: () => Promise<T>): Promise<T> {
    const end = this.modelDuration.startTimer({ model });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      // A failure code from a small fixed set; anything else counts as `error`.
      end({ outcome: boundedLabel((error as { code?: unknown }).code, 'error') });
      throw error;
    }
  }

  recordFailure(reason: string): void {
    this.failures.inc({ reason: boundedLabel(reason, 'error') });
  }
}
