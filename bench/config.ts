/**
 * Sizes of every scenario, chosen so that `npm run bench` (build included) stays
 * under 10 minutes on a 2-core machine. BENCH_SCALE=0.3 shortens durations and
 * counts for a quick look (the numbers are then noisier); BENCH_RUNS overrides runs.
 * On a shared machine, BENCH_QUIET=1 waits before each run until other work has settled.
 */
const scale = Number(process.env.BENCH_SCALE ?? 1);
const scaled = (value: number, minimum = 1) => Math.max(minimum, Math.round(value * scale));

export interface BenchConfig {
  scale: number;
  runs: number;
  model: string;
  redisDb: { app: number; floor: number };
  photos: { scenes: number; width: number; height: number; phone: number; phoneWidth: number; phoneHeight: number };
  throughput: { clients: number; workers: number; concurrency: number; modelLatencyMs: number; firstWarmupMs: number; warmupMs: number; durationMs: number };
  phone: { uploadsPerRun: number };
  slow: { uploads: number; clients: number; modelLatencyMs: number; workers: number; concurrency: number };
  scaling: { workerCounts: number[]; concurrency: number; clients: number; modelLatencyMs: number; warmupMs: number; durationMs: number };
  duplicate: { pairs: number; modelLatencyMs: number };
  /** BENCH_QUIET=1: before each measured run, wait (up to maxWaitMs) until other work leaves the machine below `busy`. */
  quiet: { enabled: boolean; busy: number; maxWaitMs: number };
}

export const CONFIG: BenchConfig = {
  scale,
  runs: Number(process.env.BENCH_RUNS ?? 3),
  /** The model name both systems ask for (the fake answers any). */
  model: 'Qwen/Qwen3.5-9B',
  redisDb: { app: Number(process.env.BENCH_REDIS_DB_APP ?? 2), floor: Number(process.env.BENCH_REDIS_DB_FLOOR ?? 3) },
  photos: { scenes: scaled(300, 20), width: 640, height: 480, phone: 6, phoneWidth: 4032, phoneHeight: 3024 },
  throughput: {
    clients: 50,
    workers: 1,
    concurrency: 16,
    modelLatencyMs: 0,
    firstWarmupMs: scaled(3_000, 1_000),
    warmupMs: scaled(2_000, 500),
    durationMs: scaled(15_000, 2_000),
  },
  phone: { uploadsPerRun: 6 },
  slow: { uploads: scaled(1_000, 50), clients: 100, modelLatencyMs: 2_000, workers: 2, concurrency: 50 },
  scaling: {
    workerCounts: [1, 2, 4],
    concurrency: 8,
    clients: 50,
    modelLatencyMs: 500,
    warmupMs: scaled(1_000, 500),
    durationMs: scaled(5_000, 2_000),
  },
  duplicate: { pairs: 10, modelLatencyMs: 500 },
  quiet: { enabled: process.env.BENCH_QUIET === '1', busy: 0.15, maxWaitMs: 60_000 },
};
