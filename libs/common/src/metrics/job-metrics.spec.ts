import { EventEmitter } from 'node:events';
import type { Job, Worker } from 'bullmq';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { JobMetrics } from './job-metrics';

function makeJob(overrides: Partial<Job> = {}): Job {
  return { processedOn: Date.now() - 1_500, attemptsMade: 1, ...overrides } as Job;
}

describe(JobMetrics.name, () => {
  describe('observe', () => {
    it('records the duration of every attempt, and the attempts once a job is finished', async () => {
      const registry = new Registry();
      const worker = new EventEmitter();
      new JobMetrics(registry).observe(worker as unknown as Worker, 'identify');

      worker.emit('completed', makeJob({ attemptsMade: 1 }));
      worker.emit('failed', makeJob({ attemptsMade: 1 }), new Error('timeout'));
      worker.emit('failed', makeJob({ attemptsMade: 3, finishedOn: Date.now() }), new Error('timeout'));

      const text = await registry.metrics();
      expect(text).toContain('wildid_job_duration_seconds_count{queue="identify",outcome="completed"} 1');
      expect(text).toContain('wildid_job_duration_seconds_count{queue="identify",outcome="retried"} 1');
      expect(text).toContain('wildid_job_duration_seconds_count{queue="identify",outcome="failed"} 1');
      expect(text).toContain('wildid_job_attempts_sum{queue="identify",outcome="failed"} 3');
      expect(text).not.toContain('wildid_job_attempts_count{queue="identify",outcome="retried"}');
      expect(text).toMatch(/wildid_job_duration_seconds_sum\{queue="identify",outcome="completed"\} 1\.5/);
    });
  });
});
