import type { UploadRecord } from '../support/bench-client';
import { median } from '../support/stats';
import { type BenchContext, type BySystem, setWorkersEverywhere, settle, systemsInOrder, withClients } from './context';

export interface DuplicateRun {
  /** Model requests made for the second, byte-identical uploads, per upload. */
  modelCallsPerDuplicate: number;
  /** Upload start → `completed` push of the duplicates. */
  duplicateMedianMs: number;
  duplicateMaxMs: number;
  /** The same for the first uploads, for comparison. */
  firstMedianMs: number;
  errors: number;
}

export interface DuplicateResult {
  setup: { pairs: number; modelLatencyMs: number };
  runs: BySystem<DuplicateRun[]>;
}

/**
 * Scenario 7: 10 clients upload a new photo each (at once) and wait for the results;
 * then each uploads the very same bytes again, one after the other.
 */
export async function duplicateScenario(context: BenchContext): Promise<DuplicateResult> {
  const setup = context.config.duplicate;
  await setWorkersEverywhere(context, { count: context.config.throughput.workers, concurrency: context.config.throughput.concurrency });
  await context.model.setLatency(setup.modelLatencyMs);
  const runs: BySystem<DuplicateRun[]> = { app: [], floor: [] };
  await withClients(context, setup.pairs, async (clients) => {
    for (let run = 0; run < context.config.runs; run++) {
      for (const system of systemsInOrder(context, run)) {
        await settle(context);
        const photos = clients[system.name].map(() => context.photos.next());
        const first = await Promise.all(clients[system.name].map((client, i) => client.identify(photos[i] as Buffer)));
        await context.model.resetStats();
        // One at a time: the latency of a duplicate is measured alone, not behind nine others.
        const second: UploadRecord[] = [];
        for (const [i, client] of clients[system.name].entries()) second.push(await client.identify(photos[i] as Buffer));
        const calls = (await context.model.stats()).requests;
        runs[system.name].push({
          modelCallsPerDuplicate: calls / setup.pairs,
          duplicateMedianMs: median(latencies(second)),
          duplicateMaxMs: Math.max(...latencies(second)),
          firstMedianMs: median(latencies(first)),
          errors: [...first, ...second].filter((record) => record.outcome !== 'completed').length,
        });
        context.log(`  run ${run + 1} ${system.name}: ${calls} model calls for ${setup.pairs} duplicates, median ${median(latencies(second)).toFixed(0)} ms`);
      }
    }
  });
  return { setup: { pairs: setup.pairs, modelLatencyMs: setup.modelLatencyMs }, runs };
}

function latencies(records: UploadRecord[]): number[] {
  return records.filter((record) => record.outcome === 'completed').map((record) => (record.pushedAt as number) - record.startedAt);
}
