import { validAnimalAnswer } from '@wildid/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedBody, uploadImage } from '../support/api-client';
import { AppProcess, freePort } from '../support/app-process';
import { testPrisma } from '../support/database';
import { makeJpeg } from '../support/images';
import { TestRedisServer } from '../support/redis-server';
import { type TestStack, startTestStack } from '../support/test-stack';
import { eventually } from '../support/waiting';

const UPLOADS = 500;
const MODEL_LATENCY_MS = 2_000;
const WORKER_ENV = {
  IDENTIFIER_CONCURRENCY: '25',
  IDENTIFY_LOCK_DURATION_MS: '5000',
  IDENTIFY_STALLED_INTERVAL_MS: '5000',
};

/**
 * 500 identifications in flight against a 2 s model while one worker is
 * SIGKILLed and Redis is restarted: every one must end `completed` or
 * explicitly `failed`, none stuck, none lost.
 */
describe('chaos: 500 uploads, a killed worker and a Redis restart', () => {
  let redis: TestRedisServer;
  let stack: TestStack;
  const workers: AppProcess[] = [];
  const prisma = testPrisma();

  beforeAll(async () => {
    redis = new TestRedisServer(await freePort());
    await redis.start();
    stack = await startTestStack({
      redisUrl: redis.url,
      workerEnv: WORKER_ENV,
      gatewayEnv: { IDENTIFY_ATTEMPTS: '8', IDENTIFY_BACKOFF_MS: '500' },
    });
    stack.fake.setDefault({ kind: 'answer', content: validAnimalAnswer(), delayMs: MODEL_LATENCY_MS });
    workers.push(stack.worker!, await AppProcess.start('identifier-worker', { ...stack.env, ...WORKER_ENV }));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await stack?.stop();
    await redis?.destroy();
    await prisma.$disconnect();
  });

  async function countByStatus(ids: string[]): Promise<Record<string, number>> {
    const groups = await prisma.identification.groupBy({ by: ['status'], where: { id: { in: ids } }, _count: true });
    return Object.fromEntries(groups.map((group) => [group.status, group._count]));
  }

  it('ends with every identification completed or failed', async () => {
    // Distinct photos: identical ones would reuse an earlier result and skip the slow model.
    const photos = await Promise.all(Array.from({ length: UPLOADS }, (_, i) => makeJpeg({ width: 320, height: 240, seed: 7000 + i })));
    const created: CreatedBody[] = [];
    const rejected: number[] = [];
    // 25 uploads at a time: the gateway's job is to accept them, not to survive an unbounded burst from one test.
    for (let start = 0; start < UPLOADS; start += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, UPLOADS - start) }, (_, i) => uploadImage(stack.gatewayUrl, photos[(start + i) % photos.length])),
      );
      for (const response of batch) {
        if (response.status === 202) created.push(response.body as CreatedBody);
        else rejected.push(response.status);
      }
    }
    expect(rejected).toEqual([]);
    const ids = created.map((item) => item.id);

    await eventually(async () => ((await countByStatus(ids)).completed ?? 0) >= 100, '100 completed', 60_000);
    const killed = workers.shift()!;
    await killed.stop('SIGKILL');

    await eventually(async () => ((await countByStatus(ids)).completed ?? 0) >= 200, '200 completed', 60_000);
    await redis.stop();
    await redis.start();
    // Docker would restart the killed worker; so does this test, after the Redis restart.
    workers.push(await AppProcess.start('identifier-worker', { ...stack.env, ...WORKER_ENV }));

    const final = await eventually(
      async () => {
        const counts = await countByStatus(ids);
        return (counts.queued ?? 0) + (counts.processing ?? 0) === 0 ? counts : undefined;
      },
      'no identification left queued or processing',
      240_000,
    );
    const total = (final.completed ?? 0) + (final.failed ?? 0);
    console.log(`chaos result: ${UPLOADS} uploads, ${final.completed ?? 0} completed, ${final.failed ?? 0} failed, 0 stuck, ${UPLOADS - total} lost`);
    expect(total).toBe(UPLOADS);
    expect(await prisma.identification.count({ where: { id: { in: ids } } })).toBe(UPLOADS);
  }, 400_000);
});
