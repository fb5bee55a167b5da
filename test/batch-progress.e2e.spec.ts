import { type BatchEvent, type IdentificationView, recordIdentifyFinished } from '@wildid/common';
import { noAnimalAnswer, validAnimalAnswer } from '@wildid/common/testing';
import { IDENTIFY_QUEUE } from '@wildid/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, asBrowser } from './support/accounts';
import { AppProcess } from './support/app-process';
import { BatchClient } from './support/batches';
import { testPrisma } from './support/database';
import { makeJpeg } from './support/images';
import { type SignedInStack, startSignedInStack, upload } from './support/signed-in-stack';
import { TEST_REDIS_URL } from './support/test-stack';
import { eventually } from './support/waiting';

const SECRET_KEY = 'batch-progress-test-secret-0123456789abcdef0123';
const CAP = 3;

let seed = 1;
const photoFiles = (count: number) =>
  Promise.all(Array.from({ length: count }, async (_, i) => ({ name: `p${i}.jpg`, bytes: await makeJpeg({ seed: seed++, width: 32, height: 24 }) })));

interface QueuedView extends IdentificationView {
  queue?: { ahead: number; etaSeconds: number | null };
}

describe('batch progress: queue places, ETAs, batch events and blanks', () => {
  let env: SignedInStack;
  let alice: Browser;
  let batches: BatchClient;
  let worker: AppProcess | undefined;
  let socket: Socket | undefined;
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(IDENTIFY_QUEUE, { connection: redis });
  const prisma = testPrisma();
  const earlier: string[] = [];

  beforeAll(async () => {
    // No worker at first: everything stays queued where the test put it.
    env = await startSignedInStack({ secretKey: SECRET_KEY, withWorker: false, gatewayEnv: { BATCH_MAX_IN_FLIGHT_PER_USER: String(CAP) } });
    alice = await env.signIn('progress-alice@example.org');
    batches = new BatchClient(env.stack.gatewayUrl, alice);
  });
  afterAll(async () => {
    socket?.disconnect();
    await worker?.stop();
    await env?.stop();
    await queue.close();
    redis.disconnect();
    await prisma.onApplicationShutdown();
  });

  const viewOf = async (id: string) => {
    const response = await fetch(env.url(`/api/identifications/${id}`), { headers: asBrowser(alice) });
    return (await response.json()) as QueuedView;
  };

  it('gives queued photos their place (single uploads first, then fed batch photos, then held-back ones) and an ETA once a rate is measured', async () => {
    // Rows other test files left queued (the database is shared by the run) are ahead too.
    const { rows } = await prisma.pool.query<{ singles: number; fed: number }>(
      `SELECT count(*) FILTER (WHERE batch_id IS NULL)::int AS singles, count(*) FILTER (WHERE batch_id IS NOT NULL AND enqueued_at IS NOT NULL)::int AS fed
       FROM identifications WHERE status = 'queued'`,
    );
    const { singles, fed } = rows[0]!;
    const first = await upload(env.stack.gatewayUrl, alice);
    const second = await upload(env.stack.gatewayUrl, alice);
    const batch = await batches.created();
    const accepted = (await batches.upload(batch.id, await photoFiles(5))).body.accepted;
    expect(accepted).toHaveLength(5);
    earlier.push(first.body.id, second.body.id, ...accepted.map(({ id }) => id));

    expect((await viewOf(first.body.id)).queue).toEqual({ ahead: singles, etaSeconds: null });
    expect((await viewOf(second.body.id)).queue).toEqual({ ahead: singles + 1, etaSeconds: null });
    const batchPlaces = await Promise.all(accepted.map(async ({ id }) => (await viewOf(id)).queue!.ahead - singles - 2 - fed));
    // Three fed (the cap), two held back: after both single uploads whatever their upload order.
    expect(batchPlaces.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect((await batches.get(batch.id)).body.eta).toBeUndefined();

    // The pace the workers measure: 30 identifications finished this minute.
    for (let i = 0; i < 30; i++) await recordIdentifyFinished(redis);
    const soon = (await viewOf(first.body.id)).queue!;
    const later = (await viewOf(second.body.id)).queue!;
    expect(soon.etaSeconds).toBeGreaterThan(0);
    expect(later.etaSeconds!).toBeGreaterThanOrEqual(soon.etaSeconds!);
    expect((await batches.get(batch.id)).body.eta).toEqual({ seconds: expect.any(Number) });

    // The state sent on subscribing is the same view, place included.
    socket = io(env.stack.gatewayUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: alice.cookie } });
    const pushed = new Promise<QueuedView>((resolve) => socket!.once('identification', resolve));
    socket.emit('subscribe', { id: second.body.id, accessToken: second.body.accessToken }, () => undefined);
    expect((await pushed).queue).toMatchObject({ ahead: singles + 1 });
  });

  it('pushes batch events to the owner’s sockets, at most 2 a second, the last with the final counts; blanks counted apart', async () => {
    socket ??= io(env.stack.gatewayUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: alice.cookie } });
    worker = await AppProcess.start('identifier-worker', { ...env.stack.env, IDENTIFIER_CONCURRENCY: '4' });
    for (const id of earlier) await eventually(async () => (await viewOf(id)).status === 'completed', `${id} completed`);
    // Nothing else left in the queue to take the scripted answers below.
    await eventually(async () => Object.values(await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed')).every((n) => n === 0), 'an empty queue');

    const events: Array<{ at: number; event: BatchEvent }> = [];
    socket.on('batch', (event: BatchEvent) => events.push({ at: Date.now(), event }));
    const batch = await batches.created({ name: 'Blanks' });
    env.stack.fake.script(...Array.from({ length: 4 }, () => ({ kind: 'answer' as const, content: validAnimalAnswer(), delayMs: 20 })));
    env.stack.fake.setDefault({ kind: 'answer', content: noAnimalAnswer(), delayMs: 20 });
    const start = Date.now();
    expect((await batches.upload(batch.id, await photoFiles(12))).body.accepted).toHaveLength(12);

    const final = { total: 12, queued: 0, processing: 0, completed: 12, failed: 0, noAnimal: 8 };
    await eventually(async () => events.filter((e) => e.event.id === batch.id).at(-1)?.event.counts.completed === 12, 'the final batch event');
    const mine = events.filter((e) => e.event.id === batch.id);
    expect(mine.at(-1)!.event).toEqual({ id: batch.id, counts: final });
    expect((await batches.get(batch.id)).body.counts).toEqual(final);
    // The throttle: however fast the photos finished, events came at most 2 a second (plus the first).
    const seconds = (mine.at(-1)!.at - start) / 1000;
    expect(mine.length).toBeLessThanOrEqual(1 + Math.ceil(seconds * 2) + 1);
    expect(mine.length).toBeLessThan(12 * 2);

    // Blanks: counted as noAnimal, left out of `animals`, shown by `blanks`.
    expect((await batches.photos(batch.id, { filter: 'animals' })).body.items).toHaveLength(4);
    const blanks = (await batches.photos(batch.id, { filter: 'blanks' })).body.items;
    expect(blanks).toHaveLength(8);
    expect(blanks.every((item) => item.result?.isAnimal === false)).toBe(true);
    expect((await batches.photos(batch.id, { filter: 'all' })).body.items).toHaveLength(12);
  });
});
