import type { UploadRecord } from '../support/bench-client';
import { CpuMeter, type CpuUse, othersShare } from '../support/cpu';
import { type ClosedLoopResult, closedLoop } from '../support/load';
import type { SystemName } from '../systems/system';
import { type BenchContext, type BySystem, meteredGroups, setWorkersEverywhere, logErrorsOf, settle, systemsInOrder, withClients } from './context';

export interface ThroughputRun extends Omit<ClosedLoopResult, 'records'> {
  cpu: CpuUse;
  /** CPU ms per completed identification, per process group. */
  cpuMsPerIdentification: Record<string, number>;
  /** Share of both cores used by processes outside the bench during the window. */
  othersBusy: number;
  /** The measured window on the monotonic clock, µs (the clock of V8's CPU profiles). */
  windowUs: [number, number];
}

export interface ThroughputResult {
  setup: { clients: number; workers: number; concurrency: number; modelLatencyMs: number; warmupMs: number; durationMs: number };
  runs: BySystem<ThroughputRun[]>;
  /** Per run, every upload's record (kept in memory for the per-stage scenario, not written out). */
  records: BySystem<UploadRecord[][]>;
}

/** Scenarios 1 and 2: closed loop of 50 clients with an instant model, app and floor interleaved. */
export async function throughputScenario(context: BenchContext): Promise<ThroughputResult> {
  const setup = context.config.throughput;
  await setWorkersEverywhere(context, { count: setup.workers, concurrency: setup.concurrency });
  await context.model.setLatency(setup.modelLatencyMs);
  const result: ThroughputResult = {
    setup: { clients: setup.clients, workers: setup.workers, concurrency: setup.concurrency, modelLatencyMs: setup.modelLatencyMs, warmupMs: setup.warmupMs, durationMs: setup.durationMs },
    runs: { app: [], floor: [] },
    records: { app: [], floor: [] },
  };
  await withClients(context, setup.clients, async (clients) => {
    for (const system of context.systems) {
      context.log(`  warm-up ${system.name} (${setup.firstWarmupMs} ms)`);
      await closedLoop(clients[system.name], context.photos, 0, setup.firstWarmupMs);
    }
    for (let run = 0; run < context.config.runs; run++) {
      for (const system of systemsInOrder(context, run)) {
        await settle(context);
        const meter = new CpuMeter(meteredGroups(context, system));
        const cpu: CpuUse[] = [];
        const windowUs: [number, number] = [0, 0];
        const loop = await closedLoop(clients[system.name], context.photos, setup.warmupMs, setup.durationMs, {
          start: () => {
            windowUs[0] = monotonicUs();
            meter.start();
          },
          stop: () => {
            windowUs[1] = monotonicUs();
            cpu.push(meter.stop());
          },
        });
        pushRun(result, system.name, loop, cpu[0] ?? meter.stop(), windowUs);
        logErrorsOf(context, system, loop.errors);
        context.log(`  run ${run + 1} ${system.name}: ${loop.throughput.toFixed(1)}/s, p99 ${loop.latencyMs.p99.toFixed(0)} ms, ${loop.errors} errors`);
      }
    }
  });
  return result;
}

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function pushRun(result: ThroughputResult, name: SystemName, loop: ClosedLoopResult, cpu: CpuUse, windowUs: [number, number]): void {
  const { records, ...summary } = loop;
  const completed = loop.throughput * loop.measuredSeconds;
  const cpuMsPerIdentification = Object.fromEntries(Object.entries(cpu.groupsMs).map(([group, ms]) => [group, ms / completed]));
  result.runs[name].push({ ...summary, cpu, cpuMsPerIdentification, othersBusy: othersShare(cpu), windowUs });
  result.records[name].push(records);
}
