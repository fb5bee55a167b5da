import { type PeakRss, RssSampler } from '../support/rss';
import { signedInUser } from '../support/session-cookie';
import type { AppSystem } from '../systems/app-system';
import type { BenchContext } from './context';

export interface ExportRun {
  identifications: number;
  what: 'batch' | 'history';
  format: string;
  seconds: number;
  mib: number;
  gatewayPeakRss: PeakRss;
}

export interface ExportsResult {
  runs: ExportRun[];
}

// Two sizes ten times apart: a streamed export's memory stays flat from one to the other.
const SIZES = [10_000, 100_000];
// What the model stores (the bench compiles no app code, so the answers are written out here).
const FOX = {
  isAnimal: true,
  commonName: 'Red fox',
  scientificName: 'Vulpes vulpes',
  confidence: 0.93,
  taxonomy: { kingdom: 'Animalia', phylum: 'Chordata', class: 'Mammalia', order: 'Carnivora', family: 'Canidae', genus: 'Vulpes', species: 'Vulpes vulpes' },
  alternatives: [{ commonName: 'Arctic fox', scientificName: 'Vulpes lagopus', confidence: 0.04 }],
  description: 'A small canid with a rusty-orange coat, black legs and a white-tipped bushy tail.',
  conservationStatus: 'LC',
  rationale: 'Orange coat, pointed ears with black backs and a white tail tip match the red fox.',
};
const BLANK = { isAnimal: false, rationale: 'Grass moving in the wind; no animal is visible.' };
const FORMATS = { batch: ['csv', 'dwca', 'camtrap-dp'], history: ['csv', 'dwca'] } as const;

// Bursts of 3 photos 20 s apart; one photo in 10 a blank, one in 10 corrected by a person, one in 10 confirmed.
const SEED = `
  INSERT INTO identifications (id, user_id, access_token_hash, status, image_sha256, model, result, created_at, completed_at,
    batch_id, file_name, file_sha256, captured_at, captured_utc_offset_minutes, latitude, longitude, location_uncertainty_meters,
    country, event_id, review_verdict, review_scientific_name, review_common_name, reviewed_by, reviewed_at)
  SELECT md5($2::text || ':' || n)::uuid, $1::uuid, md5('token' || n), 'completed', md5('image' || n), 'bench/model',
    CASE WHEN n % 10 = 9 THEN $4::jsonb ELSE $3::jsonb END,
    now() - make_interval(secs => $5::int - n), now() - make_interval(secs => $5::int - n),
    $2::uuid, 'IMG_' || n || '.JPG', md5('file' || n),
    timestamp '2026-06-01 00:00:00' + make_interval(secs => n * 20), 120, 52.1, 4.3, 25,
    'NL', md5($2::text || ':' || (n - n % 3))::uuid,
    CASE n % 10 WHEN 3 THEN 'corrected' WHEN 4 THEN 'confirmed' END,
    CASE WHEN n % 10 = 3 THEN 'Vulpes lagopus' END, CASE WHEN n % 10 = 3 THEN 'Arctic fox' END,
    CASE WHEN n % 10 IN (3, 4) THEN 'bench@example.org' END, CASE WHEN n % 10 IN (3, 4) THEN now() END
  FROM generate_series(0, $5::int - 1) AS n`;

/**
 * Scenario 9 (app only): a camera-trap batch of 10,000 then 100,000 photos, each also its person's whole history,
 * exported in every format. Each download is read as a stream and counted, never kept; the figures are its time,
 * its size and the gateway's peak RSS while it ran (exports page through Postgres, so that peak should not grow
 * with the size).
 */
export async function exportsScenario(context: BenchContext): Promise<ExportsResult> {
  const system = context.systems.find((candidate) => candidate.name === 'app') as AppSystem;
  const runs: ExportRun[] = [];
  for (const size of SIZES) runs.push(...(await exportAll(context, system, size)));
  return { runs };
}

async function exportAll(context: BenchContext, system: AppSystem, identifications: number): Promise<ExportRun[]> {
  const { userId, cookie } = await signedInUser(context.database, system.secretKey);
  const headers = { cookie, origin: system.url };
  const created = await fetch(`${system.url}/api/batches`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench export card', kind: 'camera-trap', location: { latitude: 52.1, longitude: 4.3 }, timezone: 'Europe/Amsterdam' }),
  });
  const { id: batchId } = (await created.json()) as { id: string };
  await context.database.query(SEED, [userId, batchId, JSON.stringify(FOX), JSON.stringify(BLANK), identifications]);
  // A table that grew to this size in use has statistics (autovacuum analyses it); rows inserted at once have none
  // yet, and the planner would then sort the whole history for every page.
  await context.database.query('ANALYZE identifications');

  const runs: ExportRun[] = [];
  for (const what of ['batch', 'history'] as const) {
    for (const format of FORMATS[what]) {
      const path = what === 'batch' ? `/api/batches/${batchId}/export` : '/api/me/identifications/export';
      runs.push({ identifications, what, format, ...(await download(system, `${path}?format=${format}`, headers)) });
    }
  }
  return runs;
}

async function download(system: AppSystem, path: string, headers: Record<string, string>): Promise<Omit<ExportRun, 'identifications' | 'what' | 'format'>> {
  const sampler = new RssSampler({ gateway: [system.gateway.pid] });
  sampler.start();
  const started = Date.now();
  const response = await fetch(`${system.url}${path}`, { headers });
  if (response.status !== 200 || !response.body) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += (chunk as Uint8Array).length;
  const seconds = (Date.now() - started) / 1000;
  return { seconds, mib: bytes / 1024 / 1024, gatewayPeakRss: sampler.stop().gateway as PeakRss };
}
