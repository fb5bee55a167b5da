import type { Metrics } from 'bullmq';

const MINUTE_MS = 60_000;
/** BullMQ metrics have one data point per minute: the newest 60 cover the last hour. */
export const HOUR_MINUTES = 60;

/** The BullMQ job states the stats count. */
export const COUNTED_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;
export type JobCounts = Record<(typeof COUNTED_STATES)[number] | 'paused', number>;

export interface QueueThroughput {
  completed: number;
  failed: number;
  /** Finished jobs (completed or failed) per minute, averaged over the hour. */
  jobsPerMinute: number;
  /** failed / (completed + failed); null when nothing finished. */
  failureRate: number | null;
}

export interface QueueStats {
  name: string;
  /** The queue is paused (from the dashboard, say): workers take no new jobs. */
  isPaused: boolean;
  counts: JobCounts;
  workersOnline: number;
  lastHour: QueueThroughput;
}

/**
 * How many jobs BullMQ's per-minute metrics counted in the last `minutes`
 * minutes, the current one included. BullMQ writes a minute's count into the
 * list only when the next job finishes in a later minute: until then it is
 * `meta.count - meta.prevCount` and belongs to the minute of `meta.prevTS`;
 * `data[i]` (newest first) is the count of the minute `i + 1` before that one.
 */
export function countInLastMinutes(metrics: Metrics, now: number, minutes = HOUR_MINUTES): number {
  if (!metrics.meta.prevTS) return 0;
  const pendingMinute = Math.floor(metrics.meta.prevTS / MINUTE_MS);
  const oldestMinute = Math.floor(now / MINUTE_MS) - minutes + 1;
  let total = pendingMinute >= oldestMinute ? metrics.meta.count - metrics.meta.prevCount : 0;
  for (let i = 0; i < metrics.data.length && pendingMinute - 1 - i >= oldestMinute; i++) total += metrics.data[i];
  return total;
}

export function lastHourThroughput(completedMetrics: Metrics, failedMetrics: Metrics, now: number): QueueThroughput {
  const completed = countInLastMinutes(completedMetrics, now);
  const failed = countInLastMinutes(failedMetrics, now);
  return { completed, failed, jobsPerMinute: round((completed + failed) / HOUR_MINUTES), failureRate: failureRate(completed, failed) };
}

export function failureRate(completed: number, failed: number): number | null {
  const finished = completed + failed;
  return finished === 0 ? null : round(failed / finished);
}

/**
 * Zero for every state BullMQ left out. BullMQ 6 has no paused state: a paused
 * queue's jobs stay waiting, so `paused` counts the waiting jobs of a paused queue.
 */
export function pickCounts(counts: Record<string, number>, isPaused: boolean): JobCounts {
  const picked = Object.fromEntries(COUNTED_STATES.map((state) => [state, counts[state] ?? 0])) as JobCounts;
  picked.paused = isPaused ? picked.waiting + picked.prioritized : 0;
  return picked;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
