/**
 * The floor's own tables (schema `floor` in the bench database), written with pg
 * directly. Times are epoch milliseconds (double precision) from the process that
 * reached each stage, so the bench reads every stage without a framework in between.
 */
export const FLOOR_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS floor;
CREATE TABLE floor.identifications (
  id uuid PRIMARY KEY,
  access_token_hash text NOT NULL,
  status text NOT NULL,
  image_sha256 text NOT NULL,
  model text NOT NULL,
  result jsonb,
  error_code text,
  received_ms double precision NOT NULL,
  parsed_ms double precision NOT NULL,
  normalized_ms double precision NOT NULL,
  created_ms double precision NOT NULL,
  started_ms double precision,
  model_started_ms double precision,
  model_ended_ms double precision,
  completed_ms double precision
);
-- Reuse of a finished result for a byte-identical normalized image, per model.
CREATE INDEX identifications_reuse_idx ON floor.identifications (image_sha256, model) WHERE status = 'completed';
CREATE TABLE floor.images (
  identification_id uuid PRIMARY KEY REFERENCES floor.identifications (id) ON DELETE CASCADE,
  bytes bytea NOT NULL,
  mime_type text NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL
);
`;

export const FLOOR_QUEUE = 'floor-identify';

/** socket.io room and event names: the app's contract. */
export const roomOf = (id: string): string => `identification:${id}`;
export const IDENTIFICATION_EVENT = 'identification';

export interface FloorRow {
  id: string;
  status: string;
  result: unknown;
  error_code: string | null;
  created_ms: number;
  completed_ms: number | null;
}

/** The app's IdentificationView shape, from a floor row. */
export function viewOf(row: FloorRow): Record<string, unknown> {
  const view: Record<string, unknown> = { id: row.id, status: row.status, createdAt: new Date(row.created_ms).toISOString() };
  if (row.completed_ms !== null) view.completedAt = new Date(row.completed_ms).toISOString();
  if (row.result !== null) view.result = row.result;
  if (row.error_code) view.error = { code: row.error_code, message: row.error_code };
  return view;
}

export function now(): number {
  return performance.timeOrigin + performance.now();
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}
