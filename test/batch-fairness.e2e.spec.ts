import { readFileSync } from 'node:fs';
import { validAnimalAnswer } from '@wildid/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, asBrowser } from './support/accounts';
import { AppProcess } from './support/app-process';
import { BatchClient } from './support/batches';
import { testPrisma } from './support/database';
import { makeJpeg } from './support/images';
import { type SignedInStack, startSignedInStack, upload } from './support/signed-in-stack';
import { NO_CLIENT_LIMITS } from './support/test-stack';
import { eventually } from './support/waiting';
import { makeZip } from './support/zips';

const SECRET_KEY = 'batch-fairness-test-secret-0123456789abcdef0123';
const CONCURRENCY = 4;
const CAP = 8;
const MODEL_LATENCY_MS = 40;
// While the big zip uploads, a slower model keeps most of it queued even when a loaded machine uploads slowly
// (the feeder starts on its photos during the upload), so the single upload really is behind them.
const UPLOAD_TIME_MODEL_LATENCY_MS = 250;
const BIG_BATCH = 2_000;

let seed = 1;
const photos = (count: number) => Promise.all(Array.from({ length: count }, () => makeJpeg({ seed: seed++, width: 32, height: 24 })));
const zipOf = async (count: number) => makeZip((await photos(count)).map((bytes, i) => ({ name: `card/IMG_${i}.jpg`, bytes, store: true })));

// The most photos of one user's batches in the identify queue at any instant, from when each was fed
// (enqueued_at) to when it finished (completed_at): what the per-user cap bounds.
const MOST_IN_FLIGHT = `
  SELECT coalesce(max(in_flight), 0)::int AS most FROM (
    SELECT (SELECT count(*) FROM identifications b
            WHERE b.user_id = a.user_id AND b.batch_id IS NOT NULL AND b.enqueued_at <= a.enqueued_at
              AND (b.completed_at IS NULL OR b.completed_at > a.enqueued_at)) AS in_flight
    FROM identifications a WHERE a.batch_id = ANY($1::uuid[]) AND a.enqueued_at IS NOT NULL) x`;

describe('the queue stays fair: batch photos wait behind single uploads, users take turns', () => {
  let env: SignedInStack;
  let alice: Browser;
  let aliceBatches: BatchClient;
  let bobBatches: BatchClient;
  let restartedGateway: AppProcess | undefined;
  const prisma = testPrisma();

  beforeAll(async () => {
    env = await startSignedInStack({
      secretKey: SECRET_KEY,
      gatewayEnv: { BATCH_MAX_IN_FLIGHT_PER_USER: String(CAP) },
      workerEnv: { IDENTIFIER_CONCURRENCY: String(CONCURRENCY) },
    });
    env.stack.fake.setDefault({ kind: 'answer', content: validAnimalAnswer(), delayMs: MODEL_LATENCY_MS });
    alice = await env.signIn('fairness-alice@example.org');
    aliceBatches = new BatchClient(env.stack.gatewayUrl, alice);
    bobBatches = new BatchClient(env.stack.gatewayUrl, await env.signIn('fairness-bob@example.org'));
  });
  afterAll(async () => {
    await restartedGateway?.stop();
    await env?.stop();
    await prisma.onApplicationShutdown();
  });

  const viewOf = async (id: string) => {
    const response = await fetch(env.url(`/api/identifications/${id}`), { headers: asBrowser(alice) });
    return (await response.json()) as { status: string; createdAt: string; completedAt?: string };
  };
  /** The process's peak resident memory so far (Linux), in MiB. */
  const peakRssMiB = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  let bigBatchStarted = 0;
  const mostInFlight = async (batchIds: string[]) => (await prisma.pool.query<{ most: number }>(MOST_IN_FLIGHT, [batchIds])).rows[0]!.most;

  it(`a single upload submitted behind a ${BIG_BATCH}-photo batch completes within a few model latencies`, async () => {
    const batch = await aliceBatches.created({ name: 'Camera trap card' });
    const zip = await zipOf(BIG_BATCH);
    env.stack.fake.setDefault({ kind: 'answer', content: validAnimalAnswer(), delayMs: UPLOAD_TIME_MODEL_LATENCY_MS });
    bigBatchStarted = Date.now();
    const answer = await aliceBatches.upload(batch.id, [{ name: 'card.zip', bytes: zip }], 'archive');
    // Figures only (speed is the bench's to judge): how long the zip took to be accepted, and the gateway's memory.
    console.log(
      `[fairness] ${BIG_BATCH} photos in one ${(zip.length / 1024 / 1024).toFixed(1)} MiB zip accepted in ${Date.now() - bigBatchStarted} ms; ` +
        `gateway peak RSS ${peakRssMiB(env.stack.gateway.pid).toFixed(0)} MiB`,
    );
    expect(answer.status).toBe(202);
    expect(answer.body.accepted).toHaveLength(BIG_BATCH);

    const single = await upload(env.stack.gatewayUrl, alice);
    env.stack.fake.setDefault({ kind: 'answer', content: validAnimalAnswer(), delayMs: MODEL_LATENCY_MS });
    expect(single.status).toBe(202);
    const waitingBehind = (await aliceBatches.get(batch.id)).body.counts.queued;
    await eventually(async () => (await viewOf(single.body.id)).status === 'completed', 'the single upload completed');
    const done = await viewOf(single.body.id);
    const { rows } = await prisma.pool.query<{ finished: number }>(
      `SELECT count(*)::int AS finished FROM identifications WHERE batch_id = $1 AND completed_at > $2 AND completed_at <= $3`,
      [batch.id, new Date(done.createdAt), new Date(done.completedAt!)],
    );
    const tookMs = Date.parse(done.completedAt!) - Date.parse(done.createdAt);
    console.log(
      `[fairness] single upload behind ${waitingBehind} queued batch photos: done in ${tookMs} ms ` +
        `(${(tookMs / MODEL_LATENCY_MS).toFixed(1)} model latencies of ${MODEL_LATENCY_MS} ms); batch photos finished meanwhile: ${rows[0]!.finished}`,
    );
    expect(waitingBehind).toBeGreaterThan(BIG_BATCH / 4);
    // Served by the next free worker slot: only photos already being identified finish before it.
    expect(rows[0]!.finished).toBeLessThanOrEqual(2 * CONCURRENCY);
  }, 180_000);

  it('never has more than BATCH_MAX_IN_FLIGHT_PER_USER of one user in flight, loses nothing, and serves users in turn', async () => {
    const [mine, theirs] = [await aliceBatches.created({ name: 'Alice' }), await bobBatches.created({ name: 'Bob' })];
    await aliceBatches.upload(mine.id, [{ name: 'a.zip', bytes: await zipOf(60) }], 'archive');
    const bob = await bobBatches.upload(theirs.id, [{ name: 'b.zip', bytes: await zipOf(20) }], 'archive');
    expect(bob.body.accepted).toHaveLength(20);
    await eventually(async () => (await bobBatches.get(theirs.id)).body.counts.completed === 20, 'all of Bob’s photos completed', 120_000);
    // Bob's batch came after Alice's (and the rest of her 2,000 before it) yet finished while hers still waited.
    expect((await aliceBatches.get(mine.id)).body.counts.completed).toBeLessThan(60);
    await eventually(async () => (await aliceBatches.get(mine.id)).body.counts.completed === 60, 'all of Alice’s photos completed', 180_000);
    const photos = BIG_BATCH + 1 + 60 + 20;
    const theoryMs = (photos * MODEL_LATENCY_MS) / CONCURRENCY;
    console.log(`[fairness] ${photos} photos identified ${Date.now() - bigBatchStarted} ms after the big upload began; theory (1 worker × ${CONCURRENCY} / ${MODEL_LATENCY_MS} ms): ${theoryMs} ms`);
    expect(await mostInFlight([mine.id, theirs.id])).toBeLessThanOrEqual(CAP);
    expect(await mostInFlight([mine.id, theirs.id])).toBeGreaterThan(0);
  }, 240_000);

  it('feeds held-back photos after a gateway restart (they live in Postgres only)', async () => {
    const batch = await aliceBatches.created({ name: 'Across a restart' });
    const answer = await aliceBatches.upload(batch.id, [{ name: 'r.zip', bytes: await zipOf(30) }], 'archive');
    expect(answer.body.accepted).toHaveLength(30);
    await env.stack.gateway.stop();
    const { rows } = await prisma.pool.query<{ held: number }>(`SELECT count(*)::int AS held FROM identifications WHERE batch_id = $1 AND enqueued_at IS NULL`, [batch.id]);
    expect(rows[0]!.held).toBeGreaterThan(0);
    const port = new URL(env.stack.gatewayUrl).port;
    restartedGateway = await AppProcess.start('gateway', {
      ...env.stack.env,
      ...NO_CLIENT_LIMITS,
      PORT: port,
      PUBLIC_URL: env.stack.gatewayUrl,
      SECRET_KEY,
      BATCH_MAX_IN_FLIGHT_PER_USER: String(CAP),
    });
    await eventually(async () => (await aliceBatches.get(batch.id)).body.counts.completed === 30, 'all 30 completed after the restart', 120_000);
    expect(await mostInFlight([batch.id])).toBeLessThanOrEqual(CAP);
  }, 240_000);
});
