import { CpuMeter, type CpuUse, othersShare } from '../support/cpu';
import { closedLoop } from '../support/load';
import { type BenchContext, type BySystem, meteredGroups, setWorkersEverywhere, settle, systemsInOrder, withClients } from './context';

export interface ScalingPoint {
  workers: number;
  /** workers × concurrency / model latency. */
  theoryPerSecond: number;
  throughput: BySystem<number[]>;
  /** Share of both cores busy during each run (whoever used them). */
  machineBusy: BySystem<number[]>;
  /** Share of both cores used by processes outside the bench (other people's work) during each run. */
  othersBusy: BySystem<number[]>;
  p99Ms: BySystem<number[]>;
}

export interface ScalingResult {
  setup: { clients: number; concurrency: number; modelLatencyMs: number; durationMs: number };
  points: ScalingPoint[];
}

/** Scenario 6: 1, 2 and 4 identifier-worker processes with a 500 ms model. */
export async function scalingScenario(context: BenchContext): Promise<ScalingResult> {
  const setup = context.config.scaling;
  await context.model.setLatency(setup.modelLatencyMs);
  const points: ScalingPoint[] = [];
  for (const workers of setup.workerCounts) {
    await setWorkersEverywhere(context, { count: workers, concurrency: setup.concurrency });
    const point: ScalingPoint = {
      workers,
      theoryPerSecond: (workers * setup.concurrency * 1000) / setup.modelLatencyMs,
      throughput: { app: [], floor: [] },
      machineBusy: { app: [], floor: [] },
      othersBusy: { app: [], floor: [] },
      p99Ms: { app: [], floor: [] },
    };
    await withClients(context, setup.clients, async (clients) => {
      for (let run = 0; run < context.config.runs; run++) {
        for (const system of systemsInOrder(context, run)) {
          await settle(context);
          const meter = new CpuMeter(meteredGroups(context, system));
          let cpu: CpuUse | undefined;
          const loop = await closedLoop(clients[system.name], context.photos, setup.warmupMs, setup.durationMs, {
            start: () => meter.start(),
            stop: () => (cpu = meter.stop()),
          });
          const busy = cpu?.machineBusy ?? Number.NaN;
          point.throughput[system.name].push(loop.throughput);
          point.machineBusy[system.name].push(busy);
          point.othersBusy[system.name].push(cpu ? othersShare(cpu) : Number.NaN);
          point.p99Ms[system.name].push(loop.latencyMs.p99);
          context.log(`  ${workers} worker(s) run ${run + 1} ${system.name}: ${loop.throughput.toFixed(1)}/s, CPU ${(busy * 100).toFixed(0)} %, ${loop.errors} errors`);
        }
      }
    });
    points.push(point);
  }
  return { setup: { clients: setup.clients, concurrency: setup.concurrency, modelLatencyMs: setup.modelLatencyMs, durationMs: setup.durationMs }, points };
}
