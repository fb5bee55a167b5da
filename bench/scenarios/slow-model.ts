import { burst } from '../support/load';
import type { LatencySummary } from '../support/load';
import { type PeakRss, RssSampler } from '../support/rss';
import { CpuMeter, othersShare } from '../support/cpu';
import type { UploadRecord } from '../support/bench-client';
import { medianAcceptStages, recordedTimes } from './stages';
import { type BenchContext, type BySystem, meteredGroups, pidsOf, setWorkersEverywhere, logErrorsOf, settle, systemsInOrder, withClients } from './context';

export interface SlowRun {
  acceptMs: LatencySummary;
  allAcceptedSeconds: number;
  allCompletedSeconds: number;
  /** allCompletedSeconds / theory. */
  vsTheory: number;
  errors: number;
  firstError?: string;
  peakRss: { gateway: PeakRss; workers: PeakRss };
  /** Share of both cores used by processes outside the bench during the run. */
  othersBusy: number;
  /** Where the slowest 1 % of accepts spent their time: median per gateway stage (ms). */
  slowestAccepts: Record<string, number>;
}

export interface SlowResult {
  setup: { uploads: number; clients: number; modelLatencyMs: number; workers: number; concurrency: number };
  theorySeconds: number;
  runs: BySystem<SlowRun[]>;
}

/**
 * Scenario 5: a 2 s model and 1,000 uploads submitted at once by 100 clients.
 * The gateways are restarted first, so their peak RSS is not what earlier scenarios left behind.
 */
export async function slowModelScenario(context: BenchContext): Promise<SlowResult> {
  const setup = context.config.slow;
  const perClient = Math.ceil(setup.uploads / setup.clients);
  const theorySeconds = (perClient * setup.clients * setup.modelLatencyMs) / 1000 / (setup.workers * setup.concurrency);
  await setWorkersEverywhere(context, { count: setup.workers, concurrency: setup.concurrency });
  await context.model.setLatency(setup.modelLatencyMs);
  for (const system of context.systems) await system.restartGateway();
  const runs: BySystem<SlowRun[]> = { app: [], floor: [] };
  await withClients(context, setup.clients, async (clients) => {
    for (let run = 0; run < context.config.runs; run++) {
      for (const system of systemsInOrder(context, run)) {
        await settle(context);
        const sampler = new RssSampler(pidsOf(system));
        const meter = new CpuMeter(meteredGroups(context, system));
        sampler.start();
        meter.start();
        const result = await burst(clients[system.name], context.photos, perClient);
        const peaks = sampler.stop();
        const othersBusy = othersShare(meter.stop());
        runs[system.name].push({
          acceptMs: result.acceptMs,
          allAcceptedSeconds: result.allAcceptedSeconds,
          allCompletedSeconds: result.allCompletedSeconds,
          vsTheory: result.allCompletedSeconds / theorySeconds,
          errors: result.errors,
          firstError: result.firstError,
          peakRss: { gateway: peaks.gateway as PeakRss, workers: peaks.workers as PeakRss },
          othersBusy,
          slowestAccepts: medianAcceptStages(await recordedTimes(context.database, system.name, slowestAccepted(result.records))),
        });
        logErrorsOf(context, system, result.errors);
        context.log(
          `  run ${run + 1} ${system.name}: all done in ${result.allCompletedSeconds.toFixed(1)} s (theory ${theorySeconds} s), accept p99 ${result.acceptMs.p99.toFixed(0)} ms, ${result.errors} errors`,
        );
      }
    }
  });
  return { setup: { uploads: perClient * setup.clients, clients: setup.clients, modelLatencyMs: setup.modelLatencyMs, workers: setup.workers, concurrency: setup.concurrency }, theorySeconds, runs };
}

/** The slowest 1 % of accepted uploads (at least 5). */
function slowestAccepted(records: UploadRecord[]): UploadRecord[] {
  const accepted = records.filter((record) => record.acceptedAt && record.id);
  const acceptMs = (record: UploadRecord) => (record.acceptedAt as number) - record.startedAt;
  return accepted.sort((a, b) => acceptMs(b) - acceptMs(a)).slice(0, Math.max(5, Math.ceil(accepted.length / 100)));
}
