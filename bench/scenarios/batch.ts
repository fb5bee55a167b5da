import { ZipFile } from 'yazl';
import { type PeakRss, RssSampler } from '../support/rss';
import { signedInUser } from '../support/session-cookie';
import type { AppSystem } from '../systems/app-system';
import { type BenchContext, setWorkersEverywhere } from './context';

export interface BatchResult {
  setup: { photos: number; workers: number; concurrency: number; modelLatencyMs: number };
  zipMiB: number;
  accepted: number;
  acceptedSeconds: number;
  allCompletedSeconds: number;
  theorySeconds: number;
  vsTheory: number;
  gatewayPeakRss: PeakRss;
}

const SETUP = { photos: 1_000, workers: 1, concurrency: 16, modelLatencyMs: 500 };

/**
 * Scenario 8 (app only: the floor has no batches): 1,000 photos in one zip to one camera-trap
 * batch. Time to accepted (the 202), time to all completed against workers × concurrency /
 * model latency, and the gateway's peak RSS while it reads the archive.
 */
export async function batchScenario(context: BenchContext): Promise<BatchResult> {
  const system = context.systems.find((candidate) => candidate.name === 'app') as AppSystem;
  await setWorkersEverywhere(context, { count: SETUP.workers, concurrency: SETUP.concurrency });
  await context.model.setLatency(SETUP.modelLatencyMs);
  await system.restartGateway();
  const headers = { cookie: (await signedInUser(context.database, system.secretKey)).cookie, origin: system.url };
  const created = await fetch(`${system.url}/api/batches`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench card', kind: 'camera-trap' }),
  });
  const { id } = (await created.json()) as { id: string };
  const zip = await zipOf(Array.from({ length: SETUP.photos }, () => context.photos.next()));
  const form = new FormData();
  form.append('archive', new Blob([zip]), 'card.zip');

  const sampler = new RssSampler({ gateway: [system.gateway.pid] });
  sampler.start();
  const started = Date.now();
  const answer = await fetch(`${system.url}/api/batches/${id}/photos`, { method: 'POST', body: form, headers });
  const acceptedSeconds = (Date.now() - started) / 1000;
  const gatewayPeakRss = sampler.stop().gateway as PeakRss;
  if (answer.status !== 202) throw new Error(`batch upload answered ${answer.status}: ${await answer.text()}`);
  const accepted = ((await answer.json()) as { accepted: unknown[] }).accepted.length;
  for (;;) {
    const view = (await (await fetch(`${system.url}/api/batches/${id}`, { headers })).json()) as { counts: { total: number; completed: number; failed: number } };
    if (view.counts.completed + view.counts.failed >= view.counts.total) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const allCompletedSeconds = (Date.now() - started) / 1000;
  const theorySeconds = (accepted * SETUP.modelLatencyMs) / 1000 / (SETUP.workers * SETUP.concurrency);
  return { setup: SETUP, zipMiB: zip.length / 1024 / 1024, accepted, acceptedSeconds, allCompletedSeconds, theorySeconds, vsTheory: allCompletedSeconds / theorySeconds, gatewayPeakRss };
}

async function zipOf(photos: Buffer[]): Promise<Buffer> {
  const zip = new ZipFile();
  photos.forEach((bytes, i) => zip.addBuffer(bytes, `DCIM/IMG_${String(i).padStart(4, '0')}.JPG`, { compress: false }));
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
