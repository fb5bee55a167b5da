import sharp from 'sharp';
import { loadDist } from '../support/app-dist';
import { BenchClient } from '../support/bench-client';
import { PhotoPool } from '../support/photos';
import { median, percentile } from '../support/stats';
import { type BenchContext, type BySystem, setWorkersEverywhere, settle, systemsInOrder } from './context';

interface NormalizerModule {
  ImageNormalizer: new () => { normalize(input: Buffer): Promise<{ bytes: Buffer; width: number; height: number }> };
}

export interface PhoneRun {
  /** The app's ImageNormalizer (from dist/), in the bench process, one photo at a time. */
  normalizeMedianMs: number;
  normalizeP95Ms: number;
  /** Upload start → 202, through each system, one upload at a time. */
  acceptMedianMs: BySystem<number>;
  /** Base64 characters of the image in the model request, per upload (median). */
  sentToModelBase64: BySystem<number>;
  originalBase64: number;
}

export interface PhoneResult {
  photos: number;
  width: number;
  height: number;
  averageBytes: number;
  /** Same photos decoded at full size without resizing: what normalization would cost without shrink-on-load. */
  fullDecodeMedianMs: number;
  smallPhotoNormalizeMedianMs: number;
  runs: PhoneRun[];
}

const PASSES_PER_RUN = 2;

/** Scenario 4: 12 MP phone JPEGs — normalization time and the bytes that reach the model. */
export async function phonePhotosScenario(context: BenchContext): Promise<PhoneResult> {
  const { ImageNormalizer } = loadDist<NormalizerModule>('apps/gateway/src/identifications/image-normalizer.service.js');
  const normalizer = new ImageNormalizer();
  const phones = context.phonePhotos;
  await setWorkersEverywhere(context, { count: context.config.throughput.workers, concurrency: context.config.throughput.concurrency });
  await context.model.setLatency(0);
  const uploads = new PhotoPool(phones);
  const runs: PhoneRun[] = [];
  for (let run = 0; run < context.config.runs; run++) {
    await settle(context);
    const times: number[] = [];
    for (let pass = 0; pass < PASSES_PER_RUN; pass++) for (const photo of phones) times.push(await timed(() => normalizer.normalize(photo)));
    const accept = {} as BySystem<number>;
    const sent = {} as BySystem<number>;
    let original = 0;
    for (const system of systemsInOrder(context, run)) {
      const measured = await uploadThrough(context, system.url, uploads, context.config.phone.uploadsPerRun);
      accept[system.name] = measured.acceptMedianMs;
      sent[system.name] = measured.sentMedianChars;
      original = measured.originalMedianChars;
    }
    runs.push({ normalizeMedianMs: median(times), normalizeP95Ms: percentile(times, 95), acceptMedianMs: accept, sentToModelBase64: sent, originalBase64: original });
    context.log(`  run ${run + 1}: normalize median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
  }
  const fullDecode: number[] = [];
  for (const photo of phones) fullDecode.push(await timed(() => sharp(photo).raw().toBuffer()));
  const small: number[] = [];
  for (let i = 0; i < 20; i++) small.push(await timed(() => normalizer.normalize(context.photos.next())));
  return {
    photos: phones.length,
    width: context.config.photos.phoneWidth,
    height: context.config.photos.phoneHeight,
    averageBytes: phones.reduce((sum, photo) => sum + photo.length, 0) / phones.length,
    fullDecodeMedianMs: median(fullDecode),
    smallPhotoNormalizeMedianMs: median(small),
    runs,
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** One client uploads `count` phone photos one after the other; the fake model reports what it received. */
async function uploadThrough(context: BenchContext, url: string, photos: PhotoPool, count: number) {
  const client = await BenchClient.connect(url);
  await context.model.resetStats();
  const accept: number[] = [];
  const originals: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const photo = photos.next();
      originals.push(Math.ceil(photo.length / 3) * 4);
      const record = await client.identify(photo);
      if (record.outcome !== 'completed') throw new Error(`phone photo upload to ${url} ended ${record.outcome}: ${record.detail}`);
      accept.push((record.acceptedAt as number) - record.startedAt);
    }
  } finally {
    client.close();
  }
  const stats = await context.model.stats();
  return { acceptMedianMs: median(accept), sentMedianChars: median(stats.imageBase64Chars), originalMedianChars: median(originals) };
}
