import type { BenchConfig } from '../config';
import type { BatchResult } from '../scenarios/batch';
import type { DuplicateResult } from '../scenarios/duplicate';
import type { ExportsResult } from '../scenarios/exports';
import type { PhoneResult } from '../scenarios/phone-photos';
import type { ScalingResult } from '../scenarios/scaling';
import type { SlowResult } from '../scenarios/slow-model';
import type { StagesResult } from '../scenarios/stages';
import type { ThroughputResult } from '../scenarios/throughput';
import type { Environment } from '../support/environment';
import { fmt, fmtSpread, mb, med, met, table } from './format';
import { duplicateSection, scalingSection, slowSection } from './load-sections';

export interface BenchResults {
  environment: Environment;
  config: BenchConfig;
  durationSeconds: number;
  throughput?: Omit<ThroughputResult, 'records'>;
  stages?: StagesResult;
  phone?: PhoneResult;
  slow?: SlowResult;
  scaling?: ScalingResult;
  duplicate?: DuplicateResult;
  batch?: BatchResult;
  exports?: ExportsResult;
  /** Scenario → error message, for scenarios that could not finish. */
  failures: Record<string, string>;
  /** Share of the machine busy with other work just before and after the suite (other people's tests, …). */
  backgroundBusy: { before: number; after?: number };
}

export function renderReport(results: BenchResults): string {
  const env = results.environment;
  const p = env.packages;
  return [
    '### Benchmark results (`npm run bench`)',
    '',
    `${env.date.slice(0, 16).replace('T', ' ')} UTC · ${env.machine} · Node ${env.node} · PostgreSQL ${env.postgres} · Redis ${env.redis} · ` +
      `NestJS ${p['@nestjs/core']}, Prisma ${p['@prisma/client']}, BullMQ ${p.bullmq}, socket.io ${p['socket.io']}, sharp ${p.sharp} (libvips ${p.libvips}), pg ${p.pg} · commit ${env.commit} · ` +
      `suite took ${Math.round(results.durationSeconds)} s.`,
    '',
    `Each figure is the median of ${results.config.runs} runs, with (min–max) over the runs. App and floor run alternately on the same machine, ` +
      'against the same Postgres, Redis and fake model, driven by the same load driver and photos. Targets apply to the app.',
    '',
    results.config.quiet.enabled ? 'BENCH_QUIET=1: before each measured run the suite waited until other work on the machine had settled below 15 % busy.\n' : '',
    backgroundWarning(results),
    throughputSection(results),
    stagesSection(results),
    phoneSection(results),
    slowSection(results),
    scalingSection(results),
    duplicateSection(results),
    batchSection(results),
    exportsSection(results),
    failuresSection(results),
  ]
    .filter(Boolean)
    .join('\n');
}

function throughputSection({ throughput: t }: BenchResults): string {
  if (!t) return '';
  const { app, floor } = t.runs;
  const ratio = med(app.map((r) => r.throughput)) / med(floor.map((r) => r.throughput));
  const p99Ratio = med(app.map((r) => r.latencyMs.p99)) / med(floor.map((r) => r.latencyMs.p99));
  const row = (label: string, pick: (r: (typeof app)[number]) => number, digits = 0, extra: string[] = ['', '', '']) => [
    label,
    fmtSpread(app.map(pick), digits),
    fmtSpread(floor.map(pick), digits),
    ...extra,
  ];
  const s = t.setup;
  return [
    `#### 1–2. Floor, throughput and latency — ${s.clients} clients in a closed loop, 640×480 JPEGs, instant model, ${s.workers} worker × concurrency ${s.concurrency}, ${s.durationMs / 1000} s measured per run`,
    '',
    table(['', 'app', 'floor', 'app / floor', 'target', ''], [
      row('identifications / s', (r) => r.throughput, 1, [`${(ratio * 100).toFixed(0)} %`, '≥ 70 % of floor', met(ratio >= 0.7)]),
      row('upload → push p50 (ms)', (r) => r.latencyMs.p50),
      row('upload → push p95 (ms)', (r) => r.latencyMs.p95),
      row('upload → push p99 (ms)', (r) => r.latencyMs.p99, 0, [`${p99Ratio.toFixed(1)}×`, '≤ 2× floor', met(p99Ratio <= 2)]),
      row('upload → 202 p50 (ms)', (r) => r.acceptMs.p50),
      row('CPU ms / identification: gateway', (r) => r.cpuMsPerIdentification.gateway ?? Number.NaN, 1),
      row('CPU ms / identification: worker', (r) => r.cpuMsPerIdentification.workers ?? Number.NaN, 1),
      row('CPU ms / identification: load driver', (r) => r.cpuMsPerIdentification.driver ?? Number.NaN, 1),
      row('CPU ms / identification: fake model', (r) => r.cpuMsPerIdentification.model ?? Number.NaN, 1),
      row('CPU ms / identification: Postgres (bench database backends)', (r) => r.cpuMsPerIdentification.postgres ?? Number.NaN, 1),
      row('CPU ms / identification: Redis', (r) => r.cpuMsPerIdentification.redis ?? Number.NaN, 1),
      row('machine CPU busy (%)', (r) => r.cpu.machineBusy * 100),
      row('… of which other processes, not the bench (%)', (r) => r.othersBusy * 100),
      row('errors', (r) => r.errors),
    ]),
    '',
  ].join('\n');
}

function stagesSection({ stages }: BenchResults): string {
  if (!stages) return '';
  return [
    '#### 3. Per-stage time — the scenario-2 uploads, from the timestamps each system stores (ms, p50 / p95)',
    '',
    table(
      ['stage', 'app p50', 'app p95', 'floor p50', 'floor p95'],
      stages.stages.map((s) => [s.stage, fmt(s.p50.app, 1), fmt(s.p95.app, 1), fmt(s.p50.floor, 1), fmt(s.p95.floor, 1)]),
    ),
    '',
    `App timestamp columns found: ${stages.appColumnsFound.join(', ')}. Not recorded by the app: ${stages.missingInApp.join('; ')}.`,
    '',
  ].join('\n');
}

function phoneSection({ phone }: BenchResults): string {
  if (!phone) return '';
  const r = phone.runs;
  const normMedian = med(r.map((x) => x.normalizeMedianMs));
  const sentApp = med(r.map((x) => x.sentToModelBase64.app));
  const original = med(r.map((x) => x.originalBase64));
  return [
    `#### 4. Phone photos — ${phone.photos} distinct ${phone.width}×${phone.height} JPEGs, ${mb(phone.averageBytes).toFixed(1)} MB on average`,
    '',
    table(['', 'app', 'floor', 'target', ''], [
      ['normalization median (ms, one at a time)', fmtSpread(r.map((x) => x.normalizeMedianMs), 1), 'same code', '≤ 60 ms', met(normMedian <= 60)],
      ['normalization p95 (ms)', fmtSpread(r.map((x) => x.normalizeP95Ms), 1), 'same code', '', ''],
      ['base64 sent to the model (KB)', fmtSpread(r.map((x) => x.sentToModelBase64.app / 1024)), fmtSpread(r.map((x) => x.sentToModelBase64.floor / 1024)), '', ''],
      ["original's base64 (KB)", fmtSpread(r.map((x) => x.originalBase64 / 1024)), '', '', ''],
      ['sent / original', `1/${(original / sentApp).toFixed(0)}`, `1/${(original / med(r.map((x) => x.sentToModelBase64.floor))).toFixed(0)}`, '≤ 1/10', met(sentApp * 10 <= original)],
      ['upload → 202 of a 12 MP photo (ms)', fmtSpread(r.map((x) => x.acceptMedianMs.app)), fmtSpread(r.map((x) => x.acceptMedianMs.floor)), '', ''],
    ]),
    '',
    `For reference: decoding the same photos at full size (no shrink-on-load) takes ${fmt(phone.fullDecodeMedianMs)} ms (median); ` +
      `normalizing a 640×480 photo takes ${fmt(phone.smallPhotoNormalizeMedianMs, 1)} ms.`,
    '',
  ].join('\n');
}

function batchSection({ batch }: BenchResults): string {
  if (!batch) return '';
  const { setup } = batch;
  return [
    `#### 8. A camera trap's card: ${setup.photos} photos in one zip (app only)`,
    '',
    `${batch.zipMiB.toFixed(1)} MiB zip, ${setup.workers} worker × ${setup.concurrency}, model ${setup.modelLatencyMs} ms. ` +
      `Accepted (202, ${batch.accepted} photos) after ${fmt(batch.acceptedSeconds, 1)} s; all completed after ${fmt(batch.allCompletedSeconds, 1)} s ` +
      `(theory ${fmt(batch.theorySeconds, 1)} s, ×${fmt(batch.vsTheory, 2)}); gateway peak RSS during the upload ${fmt(mb(batch.gatewayPeakRss.peakBytes))} MiB.`,
    '',
  ].join('\n');
}

function exportsSection({ exports }: BenchResults): string {
  if (!exports) return '';
  return [
    `#### 9. Exports of ${exports.identifications} identifications (app only)`,
    '',
    'One camera-trap batch that is also the whole history (bursts of 3, one blank and two reviews in ten), each export read as a stream.',
    '',
    table(
      ['export', 'format', 'time (s)', 'size (MiB)', 'gateway peak RSS (MiB)', 'gateway RSS before (MiB)'],
      exports.runs.map((run) => [run.what, run.format, fmt(run.seconds, 1), fmt(run.mib, 1), fmt(mb(run.gatewayPeakRss.peakBytes)), fmt(mb(run.gatewayPeakRss.startBytes))]),
    ),
    '',
  ].join('\n');
}

function backgroundWarning({ backgroundBusy }: BenchResults): string {
  const worst = Math.max(backgroundBusy.before, backgroundBusy.after ?? 0);
  const what = `Machine busy with other work: ${(backgroundBusy.before * 100).toFixed(0)} % just before the suite, ${fmt((backgroundBusy.after ?? Number.NaN) * 100, 0, ' %')} just after.`;
  return worst > 0.15 ? `> **Warning:** ${what} Other processes competed for the two cores; treat these figures as pessimistic and noisy.\n` : `${what}\n`;
}

function failuresSection({ failures }: BenchResults): string {
  const entries = Object.entries(failures);
  if (entries.length === 0) return '';
  return ['#### Scenarios that did not finish', '', ...entries.map(([name, message]) => `- ${name}: ${message}`), ''].join('\n');
}
