import { createServer } from 'node:net';
import type { BenchChild } from '../support/child-process';

export type SystemName = 'app' | 'floor';

export interface WorkerSetup {
  count: number;
  concurrency: number;
}

/** What a scenario drives: a gateway URL and a number of identifier workers behind it. */
export interface SystemUnderTest {
  readonly name: SystemName;
  readonly url: string;
  readonly gateway: BenchChild;
  readonly workers: readonly BenchChild[];
  readonly workerSetup: WorkerSetup;
  start(): Promise<void>;
  /** A fresh gateway process (new port): memory peaks start from a process that served nothing yet. */
  restartGateway(): Promise<void>;
  /** Replaces the running workers (fresh processes, so peaks and caches start over). */
  setWorkers(setup: WorkerSetup): Promise<void>;
  stop(): Promise<void>;
}

/** How the bench starts processes: plain, or profiled (--cpu-prof, stopped with SIGUSR2 so the profile is written). */
export interface LaunchOptions {
  nodeArgs: (role: 'gateway' | 'worker') => string[];
  stopSignal: NodeJS.Signals;
}

/**
 * Runtime settings production gives WildID's processes (Dockerfile, compose files, npm start scripts),
 * given to both systems alike: glibc's malloc arenas capped (the image threads of sharp otherwise
 * fragment memory into many arenas) and the gateway's old generation sized for its small heap.
 */
export const PRODUCTION_ENV = { MALLOC_ARENA_MAX: '2' };
export const GATEWAY_NODE_ARGS = ['--max-old-space-size=160'];

export const PLAIN_LAUNCH: LaunchOptions = { nodeArgs: () => [], stopSignal: 'SIGTERM' };

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Any HTTP answer means the server is listening (start-up only). */
export async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  await response.arrayBuffer();
  return true;
}
