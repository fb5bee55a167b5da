/**
 * `npm run bench`: builds the app, then runs every scenario against the app and the
 * bare floor and writes bench/results/{<date>.json,latest.json,latest.md}.
 *   --only=2,5   run only these scenarios (3 needs 2; 8 is the batch zip, 9 the exports, both app only)
 *   --profile    instead: one scenario-2 run of each system under node --cpu-prof, and a
 *                summary of the top self-time frames (bench/results/profile-latest.md)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG } from './config';
import { type BenchResults, renderReport } from './report/report';
import { runProfile } from './profile-run';
import type { BenchContext } from './scenarios/context';
import { batchScenario } from './scenarios/batch';
import { duplicateScenario } from './scenarios/duplicate';
import { exportsScenario } from './scenarios/exports';
import { phonePhotosScenario } from './scenarios/phone-photos';
import { scalingScenario } from './scenarios/scaling';
import { slowModelScenario } from './scenarios/slow-model';
import { stagesScenario } from './scenarios/stages';
import { type ThroughputResult, throughputScenario } from './scenarios/throughput';
import { REPO_ROOT } from './support/app-dist';
import { machineBusyOver } from './support/cpu';
import { describeEnvironment } from './support/environment';
import { log, setUpSuite } from './suite';
import { PLAIN_LAUNCH } from './systems/system';

export const RESULTS_DIR = resolve(REPO_ROOT, 'bench/results');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  mkdirSync(RESULTS_DIR, { recursive: true });
  if (args.includes('--profile')) return runProfile(RESULTS_DIR);
  const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',').map(Number);
  const wanted = (n: number) => !only || only.includes(n);
  const started = Date.now();
  const backgroundBefore = await machineBusyOver(3_000);
  const suite = await setUpSuite(PLAIN_LAUNCH, {
    scenes: wanted(1) || wanted(2) || wanted(5) || wanted(6) || wanted(7) ? CONFIG.photos.scenes : 20,
    phone: wanted(4) ? CONFIG.photos.phone : 0,
  });
  const { context } = suite;
  const results: BenchResults = {
    environment: await describeEnvironment(context.database, suite.redis.app.url),
    config: CONFIG,
    durationSeconds: 0,
    failures: {},
    backgroundBusy: { before: backgroundBefore },
  };
  try {
    await runScenarios(context, results, wanted);
  } finally {
    log('stopping processes, dropping the database, flushing Redis');
    await suite.teardown();
  }
  results.backgroundBusy.after = await machineBusyOver(3_000);
  results.durationSeconds = (Date.now() - started) / 1000;
  writeResults(results);
}

async function runScenarios(context: BenchContext, results: BenchResults, wanted: (n: number) => boolean): Promise<void> {
  const attempt = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    log(name);
    try {
      return await work();
    } catch (error) {
      results.failures[name] = (error as Error).message.split('\n')[0] ?? String(error);
      log(`${name} failed: ${(error as Error).stack}`);
      return undefined;
    }
  };
  let throughput: ThroughputResult | undefined;
  if (wanted(1) || wanted(2)) throughput = await attempt('scenarios 1–2: throughput and latency vs the floor', () => throughputScenario(context));
  if (throughput) {
    const { records: _records, ...kept } = throughput;
    results.throughput = kept;
    if (wanted(3)) results.stages = await attempt('scenario 3: per-stage time', () => stagesScenario(context, throughput));
  }
  if (wanted(7)) results.duplicate = await attempt('scenario 7: duplicate photo', () => duplicateScenario(context));
  if (wanted(4)) results.phone = await attempt('scenario 4: phone photos', () => phonePhotosScenario(context));
  if (wanted(6)) results.scaling = await attempt('scenario 6: scaling', () => scalingScenario(context));
  if (wanted(5)) results.slow = await attempt('scenario 5: slow model', () => slowModelScenario(context));
  if (wanted(8)) results.batch = await attempt('scenario 8: 1,000 photos in one zip', () => batchScenario(context));
  if (wanted(9)) results.exports = await attempt('scenario 9: exports of 10,000 identifications', () => exportsScenario(context));
}

function writeResults(results: BenchResults): void {
  const stamp = results.environment.date.replace(/[:.]/g, '-');
  const json = JSON.stringify(results, null, 2);
  const markdown = renderReport(results);
  writeFileSync(resolve(RESULTS_DIR, `bench-${stamp}.json`), json);
  writeFileSync(resolve(RESULTS_DIR, 'latest.json'), json);
  writeFileSync(resolve(RESULTS_DIR, 'latest.md'), `${markdown}\n`);
  process.stdout.write(`\n${markdown}\n`);
  log(`results: bench/results/latest.md, latest.json and bench-${stamp}.json (${Math.round(results.durationSeconds)} s)`);
}

main().catch((error: unknown) => {
  log(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
