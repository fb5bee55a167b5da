import { ClosedLoop } from '../../test/support/closed-loop';
import { type BenchClient, type UploadRecord, epochMs, errorRecord } from './bench-client';
import type { PhotoPool } from './photos';
import { percentile } from './stats';

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/** Called when the measured window opens and closes (e.g. to meter CPU over exactly that window). */
export interface MeasuredWindow {
  start(): void;
  stop(): void;
}

export interface ClosedLoopResult {
  clients: number;
  measuredSeconds: number;
  /** Completed pushes inside the measured window, per second. */
  throughput: number;
  /** Upload start → `completed` push, of uploads started inside the window. */
  latencyMs: LatencySummary;
  /** Upload start → 202. */
  acceptMs: LatencySummary;
  errors: number;
  firstError?: string;
  /** Every upload of the run (warm-up included), for per-stage analysis. */
  records: UploadRecord[];
}

/**
 * Closed loop: every client uploads, waits for its `completed` push, and uploads
 * again at once. The first `warmupMs` are not measured; uploads still in flight at
 * the end are awaited (so the next run starts idle) but not counted.
 */
export async function closedLoop(
  clients: BenchClient[],
  photos: PhotoPool,
  warmupMs: number,
  durationMs: number,
  window?: MeasuredWindow,
): Promise<ClosedLoopResult> {
  const records: UploadRecord[] = [];
  const from = epochMs() + warmupMs;
  const to = from + durationMs;
  const timers = window ? [setTimeout(() => window.start(), warmupMs), setTimeout(() => window.stop(), warmupMs + durationMs)] : [];
  const loop = new ClosedLoop(async (lane) => void records.push(await (clients[lane] as BenchClient).identify(photos.next())));
  loop.start(clients.length);
  await new Promise((resolve) => setTimeout(resolve, to - epochMs()));
  await loop.stop();
  timers.forEach(clearTimeout);
  const done = records.filter((record) => record.outcome === 'completed');
  const inWindow = done.filter((record) => record.startedAt >= from && record.startedAt < to);
  const errors = records.filter((record) => record.outcome !== 'completed');
  return {
    clients: clients.length,
    measuredSeconds: durationMs / 1000,
    throughput: done.filter((record) => (record.pushedAt ?? 0) >= from && (record.pushedAt ?? 0) < to).length / (durationMs / 1000),
    latencyMs: summarize(inWindow.map((record) => (record.pushedAt as number) - record.startedAt)),
    acceptMs: summarize(inWindow.map((record) => (record.acceptedAt as number) - record.startedAt)),
    errors: errors.length,
    firstError: errors[0]?.detail,
    records,
  };
}

export interface BurstResult {
  uploads: number;
  clients: number;
  acceptMs: LatencySummary;
  /** First upload start → last `completed` push. */
  allCompletedSeconds: number;
  /** First upload start → last 202. */
  allAcceptedSeconds: number;
  errors: number;
  firstError?: string;
  records: UploadRecord[];
}

/**
 * `clients` clients submit `perClient` uploads each, back to back without waiting
 * for results (following each over its socket), then everything is awaited.
 */
export async function burst(clients: BenchClient[], photos: PhotoPool, perClient: number): Promise<BurstResult> {
  const bodies = clients.map(() => Array.from({ length: perClient }, () => photos.next()));
  const started = epochMs();
  const followed = await Promise.all(
    clients.map(async (client, index) => {
      const pending: Array<Promise<UploadRecord>> = [];
      for (const photo of bodies[index] as Buffer[]) {
        // Back to back: the next upload starts as soon as this one is accepted (or refused).
        try {
          pending.push(client.follow(await client.upload(photo)));
        } catch (error) {
          pending.push(Promise.resolve(errorRecord(error)));
        }
      }
      return pending;
    }),
  );
  const records = await Promise.all(followed.flat());
  const ok = records.filter((record) => record.outcome === 'completed');
  const errors = records.filter((record) => record.outcome !== 'completed');
  return {
    uploads: records.length,
    clients: clients.length,
    acceptMs: summarize(records.filter((r) => r.acceptedAt).map((r) => (r.acceptedAt as number) - r.startedAt)),
    allCompletedSeconds: (Math.max(...ok.map((r) => r.pushedAt as number)) - started) / 1000,
    allAcceptedSeconds: (Math.max(...ok.map((r) => r.acceptedAt as number)) - started) / 1000,
    errors: errors.length,
    firstError: errors[0]?.detail,
    records,
  };
}
