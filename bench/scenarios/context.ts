import type { BenchConfig } from '../config';
import { type BenchClient, connectClients } from '../support/bench-client';
import { type PidGroup, machineBusyOver, pidsNamed, pidsWithCommandLine } from '../support/cpu';
import type { BenchDatabase } from '../support/database';
import type { FakeModel } from '../support/fake-model';
import type { PhotoPool } from '../support/photos';
import type { SystemName, SystemUnderTest, WorkerSetup } from '../systems/system';

export interface BenchContext {
  config: BenchConfig;
  systems: readonly SystemUnderTest[];
  model: FakeModel;
  photos: PhotoPool;
  phonePhotos: readonly Buffer[];
  database: BenchDatabase;
  log(message: string): void;
}

export type BySystem<T> = Record<SystemName, T>;

/** With BENCH_QUIET=1: waits until other people's work has left the machine (our systems are idle between runs). */
export async function settle(context: BenchContext): Promise<void> {
  const { enabled, busy: threshold, maxWaitMs } = context.config.quiet;
  if (!enabled) return;
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const busy = await machineBusyOver(500);
    if (busy < threshold) return;
    if (Date.now() >= deadline) return context.log(`  machine still ${Math.round(busy * 100)} % busy with other work; measuring anyway`);
    context.log(`  waiting for other work to settle (${Math.round(busy * 100)} % busy)`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** Run i visits the systems in alternating order, so neither always runs first. */
export function systemsInOrder(context: BenchContext, run: number): SystemUnderTest[] {
  return run % 2 === 0 ? [...context.systems] : [...context.systems].reverse();
}

export async function setWorkersEverywhere(context: BenchContext, setup: WorkerSetup): Promise<void> {
  for (const system of context.systems) {
    if (system.workerSetup.count !== setup.count || system.workerSetup.concurrency !== setup.concurrency) await system.setWorkers(setup);
  }
}

/** Connected clients per system, closed when `use` ends. */
export async function withClients<T>(
  context: BenchContext,
  count: number,
  use: (clients: BySystem<BenchClient[]>) => Promise<T>,
): Promise<T> {
  const clients = {} as BySystem<BenchClient[]>;
  for (const system of context.systems) clients[system.name] = await connectClients(system.url, count);
  try {
    return await use(clients);
  } finally {
    for (const list of Object.values(clients)) for (const client of list) client.close();
  }
}

export function pidsOf(system: SystemUnderTest): { gateway: number[]; workers: number[] } {
  return { gateway: [system.gateway.pid], workers: system.workers.map((worker) => worker.pid) };
}

/**
 * Every process that works for a run: the system's own, the driver (this process),
 * the fake model, the Postgres backends of the bench database and Redis. The rest
 * of the machine's busy time is other people's work (or Postgres' shared background).
 */
export function meteredGroups(context: BenchContext, system: SystemUnderTest): Record<string, PidGroup> {
  return {
    ...pidsOf(system),
    driver: [process.pid],
    model: [context.model.child.pid],
    postgres: () => pidsWithCommandLine(` ${context.database.name} `),
    redis: pidsNamed('redis-server'),
  };
}

/** After a run with errors, the last lines the system's processes logged (LOG_LEVEL=warn), to see why. */
export function logErrorsOf(context: BenchContext, system: SystemUnderTest, errors: number): void {
  if (errors === 0) return;
  for (const child of [system.gateway, ...system.workers]) {
    const tail = child.logs.trim().split('\n').slice(-3).join('\n    ');
    if (tail) context.log(`  ${child.name} logged:\n    ${tail.slice(-1_500)}`);
  }
}
