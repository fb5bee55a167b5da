import type Redis from 'ioredis';

/** Identify jobs finished (completed or failed for good) per minute: one counter per minute, kept a while. */
const KEY_PREFIX = 'wildid:identify:finished:';
const KEPT_SECONDS = 30 * 60;
/** The ETA's window: the rate of the last minutes, not of the day. */
export const THROUGHPUT_WINDOW_MINUTES = 5;
/** Below this much measured time a rate says too little (the first seconds after a quiet spell). */
const MIN_WINDOW_SECONDS = 15;

function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000);
}

/** Counts one finished identify job in the current minute (workers call it; a lost count only blurs the ETA). */
export async function recordIdentifyFinished(redis: Redis, now = Date.now()): Promise<void> {
  const key = KEY_PREFIX + minuteOf(now);
  await redis.multi().incr(key).expire(key, KEPT_SECONDS).exec();
}

/**
 * Jobs finished per second over the last THROUGHPUT_WINDOW_MINUTES, measured from the start of the
 * oldest minute that saw a finish (so a queue that just got busy is not diluted by idle minutes);
 * null when nothing finished lately (no rate to go by).
 */
export async function measuredIdentifyRate(redis: Redis, now = Date.now()): Promise<number | null> {
  const current = minuteOf(now);
  const minutes = Array.from({ length: THROUGHPUT_WINDOW_MINUTES }, (_, i) => current - THROUGHPUT_WINDOW_MINUTES + 1 + i);
  const counts = (await redis.mget(...minutes.map((m) => KEY_PREFIX + m))).map((value) => Number(value ?? 0));
  const first = counts.findIndex((count) => count > 0);
  if (first < 0) return null;
  const total = counts.reduce((sum, count) => sum + count, 0);
  const seconds = Math.max(MIN_WINDOW_SECONDS, (now - minutes[first]! * 60_000) / 1000);
  return total / seconds;
}

/** Seconds until `jobs` more jobs are done at `rate` per second; null without a rate. */
export function etaSeconds(jobs: number, rate: number | null): number | null {
  return rate && rate > 0 ? Math.ceil(jobs / rate) : null;
}
