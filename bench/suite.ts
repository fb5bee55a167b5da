import { CONFIG } from './config';
import type { BenchContext } from './scenarios/context';
import { snapshotDist } from './support/app-dist';
import { killAllChildren } from './support/child-process';
import { BenchDatabase, BenchRedis } from './support/database';
import { FakeModel } from './support/fake-model';
import { PhotoPool, makePhoto } from './support/photos';
import { AppSystem } from './systems/app-system';
import { FloorSystem } from './systems/floor-system';
import type { LaunchOptions, SystemUnderTest } from './systems/system';

export function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export interface Suite {
  context: BenchContext;
  redis: { app: BenchRedis; floor: BenchRedis };
  teardown(): Promise<void>;
}

/** Everything the scenarios need: a fresh database, two flushed Redis DBs, the fake model, photos, both systems. */
export async function setUpSuite(
  launch: LaunchOptions,
  photoCounts: { scenes: number; phone: number } = { scenes: CONFIG.photos.scenes, phone: CONFIG.photos.phone },
): Promise<Suite> {
  const { scenes, phone } = photoCounts;
  const cleanups: Array<() => Promise<unknown>> = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: Error) => log(`cleanup: ${error.message}`));
    killAllChildren();
  };
  onInterrupt(teardown);
  try {
    const removeSnapshot = snapshotDist();
    cleanups.push(async () => removeSnapshot());
    log(`creating the bench database (migrations) while generating ${scenes} 640×480 scenes and ${phone} 12 MP photos`);
    const databaseReady = BenchDatabase.create().then((database) => {
      cleanups.push(() => database.drop());
      return database;
    });
    const photosReady = generatePhotos(scenes).then(async (photos) => ({ photos, phonePhotos: await generatePhonePhotos(phone) }));
    const [database, { photos, phonePhotos }] = await bothOrFirstError(databaseReady, photosReady);
    const redis = { app: new BenchRedis(CONFIG.redisDb.app), floor: new BenchRedis(CONFIG.redisDb.floor) };
    for (const db of Object.values(redis)) {
      await db.flush();
      cleanups.push(() => db.flush());
    }
    const model = await FakeModel.start();
    cleanups.push(() => model.stop());
    const common = { databaseUrl: database.url, modelBaseUrl: model.baseUrl, model: CONFIG.model, launch };
    const systems: SystemUnderTest[] = [new AppSystem({ ...common, redis: redis.app }), new FloorSystem({ ...common, redis: redis.floor })];
    cleanups.push(() => Promise.all(systems.map((system) => system.stop())));
    log('starting the app gateway (dist/) and the floor gateway');
    for (const system of systems) await system.start();
    return { context: { config: CONFIG, systems, model, photos, phonePhotos, database, log }, redis, teardown };
  } catch (error) {
    await teardown();
    throw error;
  }
}

/** Waits for both (so every cleanup is registered) and throws the first failure. */
async function bothOrFirstError<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

/** Scenes in small parallel batches: sharp's work overlaps with the JS rendering of the next. */
async function generatePhotos(count: number): Promise<PhotoPool> {
  const { width, height } = CONFIG.photos;
  const bases: Buffer[] = [];
  for (let first = 0; first < count; first += 4) {
    const batch = Array.from({ length: Math.min(4, count - first) }, (_, i) => makePhoto({ width, height, seed: first + i + 1, quality: 88 }));
    bases.push(...(await Promise.all(batch)));
  }
  return new PhotoPool(bases);
}

async function generatePhonePhotos(count: number): Promise<Buffer[]> {
  const { phoneWidth: width, phoneHeight: height } = CONFIG.photos;
  const photos: Buffer[] = [];
  for (let i = 0; i < count; i++) photos.push(await makePhoto({ width, height, seed: 10_000 + i, quality: 92, exif: true }));
  return photos;
}

/** Ctrl-C or a kill still drops the database, flushes Redis and stops every process we started. */
function onInterrupt(teardown: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void teardown().finally(() => process.exit(130));
    });
  }
}
