import type { Queue } from 'bullmq';
import { withDeadline } from '../async/with-deadline';
import { Gauge, type Registry } from 'prom-client';

/**
 * Every state BullMQ 6 keeps a list or set for (a paused queue's jobs stay in
 * `waiting`); completed and failed are bounded by removeOnComplete/removeOnFail.
 */
const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'waiting-children', 'completed', 'failed'] as const;

type Counts = Map<string, Record<string, number> | null>;

/**
 * `wildid_queue_jobs{queue,state}`, read from Redis at scrape time (nothing
 * polls in between). A scrape must not hang while Redis is down, so each read
 * has a deadline; a queue that could not be read has no series and
 * `wildid_queue_scrape_ok{queue} 0`.
 */
export function registerQueueDepth(registry: Registry, queues: Queue[], timeoutMs = 2_000): void {
  // Both gauges are collected in parallel during one scrape: they share one read.
  let inFlight: Promise<Counts> | undefined;
  const read = () => (inFlight ??= readCounts(queues, timeoutMs).finally(() => (inFlight = undefined)));

  new Gauge({
    name: 'wildid_queue_jobs',
    help: 'Jobs in each queue by state, read from Redis when scraped.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [queue, counts] of await read()) {
        for (const state of STATES) if (counts) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'wildid_queue_scrape_ok',
    help: '1 when this scrape could read the queue counts from Redis, 0 otherwise.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      for (const [queue, counts] of await read()) this.set({ queue }, counts ? 1 : 0);
    },
  });
}

async function readCounts(queues: Queue[], timeoutMs: number): Promise<Counts> {
  const entries = await Promise.all(
    queues.map(async (queue) => {
      const counts = await withDeadline(queue.getJobCounts(...STATES), timeoutMs).catch(() => null);
      return [queue.name, counts] as const;
    }),
  );
  return new Map(entries);
}
