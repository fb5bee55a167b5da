import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG } from './config';
import { profilesOf, renderProfile, summarizeProfile } from './report/cpu-profile';
import { throughputScenario } from './scenarios/throughput';
import { benchEntry } from './support/app-dist';
import { ADMIN_URL } from './support/database';
import { PgActivitySampler } from './support/pg-activity';
import { log, setUpSuite } from './suite';
import type { LaunchOptions } from './systems/system';

/**
 * One scenario-2 run per system with the gateway and worker under `node --cpu-prof`;
 * profiles are written on SIGUSR2 (see exit-on-sigusr2.ts) and summarized by self time.
 */
export async function runProfile(resultsDir: string): Promise<void> {
  const dir = resolve(resultsDir, 'profiles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const launch: LaunchOptions = {
    nodeArgs: () => ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--require', benchEntry.exitOnSigusr2()],
    stopSignal: 'SIGUSR2',
  };
  const suite = await setUpSuite(launch, { scenes: CONFIG.photos.scenes, phone: 0 });
  // Fewer clients than scenario 2: on 2 saturated cores the profiler's wall-clock samples pile up on
  // syscalls where processes get preempted (writev waking the receiver); a lighter load keeps self times close to CPU time.
  const clients = Number(process.env.BENCH_PROFILE_CLIENTS ?? 12);
  const context = { ...suite.context, config: { ...CONFIG, runs: 1, throughput: { ...CONFIG.throughput, clients } } };
  const labels = new Map<number, { label: string; windowUs?: [number, number]; cpuMs?: number }>();
  const pgActivity = new PgActivitySampler(ADMIN_URL, context.database.name);
  try {
    log('scenario 2 once per system, profiled');
    await pgActivity.start();
    const result = await throughputScenario(context);
    for (const system of context.systems) {
      const run = result.runs[system.name][0];
      labels.set(system.gateway.pid, { label: `${system.name} gateway`, windowUs: run?.windowUs, cpuMs: run?.cpu.groupsMs.gateway });
      system.workers.forEach((worker) => labels.set(worker.pid, { label: `${system.name} worker`, windowUs: run?.windowUs, cpuMs: run?.cpu.groupsMs.workers }));
      log(`${system.name}: ${run?.throughput.toFixed(1)}/s under the profiler with ${clients} clients, machine ${((run?.cpu.machineBusy ?? 0) * 100).toFixed(0)} % busy`);
    }
  } finally {
    await pgActivity.stop();
    await suite.teardown();
  }
  const sections = [...labels.entries()].flatMap(([pid, { label, windowUs, cpuMs }]) =>
    profilesOf(dir, pid).map((file) => renderProfile(summarizeProfile(label, file, windowUs), cpuMs)),
  );
  const markdown = [`### CPU profiles of scenario 2 (${new Date().toISOString()})`, '', ...sections, pgActivity.render()].join('\n');
  writeFileSync(resolve(resultsDir, 'profile-latest.md'), `${markdown}\n`);
  process.stdout.write(`\n${markdown}\n`);
  log('profiles: bench/results/profiles/*.cpuprofile (open in Chrome DevTools), summary: bench/results/profile-latest.md');
}
