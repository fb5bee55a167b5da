import type { UploadRecord } from '../support/bench-client';
import type { BenchDatabase } from '../support/database';
import { median, percentile } from '../support/stats';
import type { BenchContext, BySystem } from './context';
import type { ThroughputResult } from './throughput';

/** One stage: its name, how it is computed, and its time in each system. */
export interface StageSummary {
  stage: string;
  how: string;
  /** Median over runs of the per-run p50 and p95, ms; null when no upload recorded both instants. */
  p50: BySystem<number | null>;
  p95: BySystem<number | null>;
}

export interface StagesResult {
  stages: StageSummary[];
  appColumnsFound: string[];
  missingInApp: string[];
}

export type Times = Record<string, number | null>;
export type StageDef = { stage: string; from: string; to: string };

/** Both systems record the same instants; `client_*` come from the load driver, the rest from rows. */
const STAGES: StageDef[] = [
  { stage: 'upload until the gateway handles it (client start → received)', from: 'client_start', to: 'received' },
  { stage: 'accept + validate (middleware, multipart body read)', from: 'received', to: 'parsed' },
  { stage: 'image normalization', from: 'parsed', to: 'normalized' },
  { stage: 'normalized → row write issued', from: 'normalized', to: 'created' },
  { stage: 'row write issued → 202 at client (insert + enqueue + respond)', from: 'created', to: 'client_accepted' },
  { stage: 'queue wait (row written → worker starts)', from: 'created', to: 'started' },
  { stage: 'worker start → model call (image read)', from: 'started', to: 'model_started' },
  { stage: 'model call', from: 'model_started', to: 'model_finished' },
  { stage: 'model answered → result write issued', from: 'model_finished', to: 'completed' },
  { stage: 'persistence + push (write issued → client has it)', from: 'completed', to: 'client_pushed' },
  { stage: 'total: upload start → push', from: 'client_start', to: 'client_pushed' },
];

/** Instants the app does not record: each would cost one more write per job. */
const MISSING_IN_APP = [
  'job enqueued (Redis accepted it; the client sees the 202 right after)',
  'result committed and event emitted (measured together, from the client, as persistence + push)',
];

/** Recorded instants of these uploads (row columns and the driver's), in the same order. */
export async function recordedTimes(database: BenchDatabase, system: 'app' | 'floor', records: UploadRecord[]): Promise<Times[]> {
  const withId = records.filter((record) => record.id);
  return system === 'app' ? appTimes(database, withId, await appTimingColumns(database)) : floorTimes(database, withId);
}

/** Gateway stages of an upload until its 202, with short names for scenario 5's rows. */
export const ACCEPT_STAGES: StageDef[] = [
  { stage: 'until the gateway handles it', from: 'client_start', to: 'received' },
  { stage: 'body read', from: 'received', to: 'parsed' },
  { stage: 'normalization', from: 'parsed', to: 'normalized' },
  { stage: 'until the row write', from: 'normalized', to: 'created' },
  { stage: 'insert + enqueue + respond', from: 'created', to: 'client_accepted' },
];

/** Per accept stage, the median over these uploads (ms). */
export function medianAcceptStages(times: Times[]): Record<string, number> {
  return Object.fromEntries(ACCEPT_STAGES.map(({ stage, from, to }) => [stage, median(durations(times, [from, to]))]));
}

/** Scenario 3: per-stage times of the scenario-2 uploads, from the rows each system wrote. */
export async function stagesScenario(context: BenchContext, throughput: ThroughputResult): Promise<StagesResult> {
  const appColumns = await appTimingColumns(context.database);
  const perRun: BySystem<Times[][]> = { app: [], floor: [] };
  for (const records of throughput.records.app) perRun.app.push(await appTimes(context.database, measured(records), appColumns));
  for (const records of throughput.records.floor) perRun.floor.push(await floorTimes(context.database, measured(records)));
  const stages = STAGES.map((def) => summarizeStage(def, perRun));
  return { stages, appColumnsFound: appColumns, missingInApp: MISSING_IN_APP };
}

function measured(records: UploadRecord[]): UploadRecord[] {
  return records.filter((record) => record.outcome === 'completed' && record.id);
}

function summarizeStage({ stage, from, to }: StageDef, perRun: BySystem<Times[][]>): StageSummary {
  const pick = (system: 'app' | 'floor', p: number): number | null => {
    const values = perRun[system].map((times) => percentile(durations(times, [from, to]), p)).filter(Number.isFinite);
    return values.length ? median(values) : null;
  };
  return { stage, how: `${to} − ${from}`, p50: { app: pick('app', 50), floor: pick('floor', 50) }, p95: { app: pick('app', 95), floor: pick('floor', 95) } };
}

function durations(times: Times[], [from, to]: [string, string]): number[] {
  return times.flatMap((row) => (row[from] != null && row[to] != null ? [(row[to] as number) - (row[from] as number)] : []));
}

function clientTimes(record: UploadRecord): Times {
  return { client_start: record.startedAt, client_accepted: record.acceptedAt ?? null, client_pushed: record.pushedAt ?? null };
}

async function appTimingColumns(database: BenchDatabase): Promise<string[]> {
  const rows = await database.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'identifications'
     AND (data_type LIKE 'timestamp%' OR column_name LIKE '%latency%')`,
  );
  return rows.map((row) => row.column_name);
}

/** Timestamps are `timestamp(3)` holding UTC; extract(epoch) reads them as such. */
async function appTimes(database: BenchDatabase, records: UploadRecord[], columns: string[]): Promise<Times[]> {
  const epoch = (column: string, as: string) => (columns.includes(column) ? `extract(epoch from ${column}) * 1000 AS ${as}` : `NULL AS ${as}`);
  const rows = await database.query<Times & { id: string }>(
    `SELECT id, ${epoch('received_at', 'received')}, ${epoch('parsed_at', 'parsed')}, ${epoch('normalized_at', 'normalized')},
            ${epoch('created_at', 'created')}, ${epoch('started_at', 'started')}, ${epoch('model_started_at', 'model_started')},
            ${epoch('model_finished_at', 'model_finished')}, ${epoch('completed_at', 'completed')}
     FROM identifications WHERE id = ANY($1::uuid[])`,
    [records.map((record) => record.id)],
  );
  return joinRows(records, rows);
}

async function floorTimes(database: BenchDatabase, records: UploadRecord[]): Promise<Times[]> {
  const rows = await database.query<Times & { id: string }>(
    `SELECT id, received_ms AS received, parsed_ms AS parsed, normalized_ms AS normalized, created_ms AS created, started_ms AS started,
            model_started_ms AS model_started, model_ended_ms AS model_finished, completed_ms AS completed
     FROM floor.identifications WHERE id = ANY($1::uuid[])`,
    [records.map((record) => record.id)],
  );
  return joinRows(records, rows);
}

function joinRows(records: UploadRecord[], rows: Array<Times & { id: string }>): Times[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return records.map((record) => {
    const { id: _id, ...row } = byId.get(record.id as string) ?? { id: '' };
    const numeric = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value == null ? null : Number(value)]));
    return { ...numeric, ...clientTimes(record) };
  });
}
