import { ACCEPT_STAGES } from '../scenarios/stages';
import type { BenchResults } from './report';
import { fmt, fmtSpread, mb, med, met, table } from './format';

/** Report sections of the load scenarios: 5 (slow model), 6 (scaling) and 7 (duplicate photo). */
export function slowSection({ slow }: BenchResults): string {
  if (!slow) return '';
  const { app, floor } = slow.runs;
  const s = slow.setup;
  const row = (label: string, pick: (r: (typeof app)[number]) => number, digits: number, target = '', ok?: boolean) => [
    label,
    fmtSpread(app.map(pick), digits),
    fmtSpread(floor.map(pick), digits),
    target,
    ok === undefined ? '' : met(ok),
  ];
  return [
    `#### 5. Slow model — ${s.modelLatencyMs / 1000} s model, ${s.uploads} identifications submitted at once by ${s.clients} clients, ${s.workers} workers × concurrency ${s.concurrency}: theory ${s.uploads} × ${s.modelLatencyMs / 1000} s / (${s.workers} × ${s.concurrency}) = ${slow.theorySeconds} s`,
    '',
    table(['', 'app', 'floor', 'target', ''], [
      row('upload → 202 p99 (ms)', (r) => r.acceptMs.p99, 0, '≤ 200 ms', med(app.map((r) => r.acceptMs.p99)) <= 200),
      row('upload → 202 p50 (ms)', (r) => r.acceptMs.p50, 0),
      row('all accepted after (s)', (r) => r.allAcceptedSeconds, 1),
      row('all completed after (s)', (r) => r.allCompletedSeconds, 1),
      row('completion / theory', (r) => r.vsTheory, 2, '≤ 1.10', med(app.map((r) => r.vsTheory)) <= 1.1),
      row('gateway peak RSS (MB)', (r) => mb(r.peakRss.gateway.peakBytes), 0, '≤ 250 MB', mb(med(app.map((r) => r.peakRss.gateway.peakBytes))) <= 250),
      row('gateway RSS before the burst (MB)', (r) => mb(r.peakRss.gateway.startBytes), 0),
      row('largest worker peak RSS (MB)', (r) => mb(r.peakRss.workers.peakBytes), 0),
      row('errors', (r) => r.errors, 0),
      row('other processes, not the bench (% of the machine)', (r) => r.othersBusy * 100, 0),
      ...ACCEPT_STAGES.map(({ stage }) => row(`slowest 1 % of accepts, median ms: ${stage}`, (r) => r.slowestAccepts[stage] ?? Number.NaN, 0)),
    ]),
    '',
  ].join('\n');
}

export function scalingSection({ scaling, throughput }: BenchResults): string {
  if (!scaling) return '';
  const s = scaling.setup;
  const ceiling = (name: 'app' | 'floor') => (throughput ? med(throughput.runs[name].map((r) => r.throughput)) : Number.NaN);
  const perWorker = (s.concurrency * 1000) / s.modelLatencyMs;
  const note = throughput
    ? `Each worker adds at most ${perWorker}/s (concurrency ${s.concurrency} / ${s.modelLatencyMs} ms); the ceiling on these 2 cores is the CPU-bound ` +
      `throughput of scenario 2 (app ${fmt(ceiling('app'), 1)}/s, floor ${fmt(ceiling('floor'), 1)}/s), so throughput flattens once ` +
      `workers × ${perWorker}/s passes it: from about ${Math.ceil(ceiling('app') / perWorker)} worker(s) for the app and ${Math.ceil(ceiling('floor') / perWorker)} for the floor, ` +
      'with the machine at ~100 % CPU. More worker processes then only add memory and context switches.'
    : '';
  return [
    `#### 6. Scaling — ${s.modelLatencyMs} ms model, ${s.clients} clients in a closed loop, concurrency ${s.concurrency} per worker, ${s.durationMs / 1000} s measured per run`,
    '',
    table(
      ['workers', 'theory / s', 'app / s', 'floor / s', 'app: CPU busy (others)', 'floor: CPU busy (others)', 'app p99 (ms)', 'floor p99 (ms)'],
      scaling.points.map((point) => [
        String(point.workers),
        fmt(point.theoryPerSecond),
        fmtSpread(point.throughput.app, 1),
        fmtSpread(point.throughput.floor, 1),
        `${fmt(med(point.machineBusy.app) * 100, 0, ' %')} (${fmt(med(point.othersBusy.app) * 100, 0, ' %')})`,
        `${fmt(med(point.machineBusy.floor) * 100, 0, ' %')} (${fmt(med(point.othersBusy.floor) * 100, 0, ' %')})`,
        fmt(med(point.p99Ms.app)),
        fmt(med(point.p99Ms.floor)),
      ]),
    ),
    '',
    note,
    '',
  ].join('\n');
}

export function duplicateSection({ duplicate }: BenchResults): string {
  if (!duplicate) return '';
  const { app, floor } = duplicate.runs;
  const appCalls = med(app.map((r) => r.modelCallsPerDuplicate));
  const appMs = med(app.map((r) => r.duplicateMedianMs));
  return [
    `#### 7. Duplicate photo — ${duplicate.setup.pairs} new photos uploaded at once and awaited, then each uploaded again (same bytes), one at a time; ${duplicate.setup.modelLatencyMs} ms model`,
    '',
    table(['', 'app', 'floor (reuses by sha256 + model)', 'target', ''], [
      ['model calls per duplicate upload', fmtSpread(app.map((r) => r.modelCallsPerDuplicate), 2), fmtSpread(floor.map((r) => r.modelCallsPerDuplicate), 2), '0', met(appCalls === 0)],
      ['duplicate upload → push, median (ms)', fmtSpread(app.map((r) => r.duplicateMedianMs)), fmtSpread(floor.map((r) => r.duplicateMedianMs)), '≤ 50 ms', met(appMs <= 50)],
      ['first upload → push, median (ms)', fmtSpread(app.map((r) => r.firstMedianMs)), fmtSpread(floor.map((r) => r.firstMedianMs)), '', ''],
    ]),
    '',
  ].join('\n');
}
