import { IDENTIFY_QUEUE } from '@wildid/common';
import { validAnimalAnswer } from '@wildid/common/testing';
import { Queue } from 'bullmq';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, followIdentification, getIdentification, uploadImage, uploadOk } from '../support/api-client';
import { AppProcess, freePort } from '../support/app-process';
import { testPrisma } from '../support/database';
import { makeJpeg } from '../support/images';
import { TestRedisServer } from '../support/redis-server';
import { TcpProxy } from '../support/tcp-proxy';
import { TEST_REDIS_URL, type TestStack, baseEnv, startTestStack } from '../support/test-stack';
import { eventually } from '../support/waiting';

let seed = 2000;
const photo = () => makeJpeg({ seed: seed++ });

async function healthStatus(url: string): Promise<number> {
  return (await fetch(`${url}/health`)).status;
}

describe('Redis restarted (own instance with AOF)', () => {
  let redis: TestRedisServer;
  let stack: TestStack;

  beforeAll(async () => {
    redis = new TestRedisServer(await freePort());
    await redis.start();
    stack = await startTestStack({ redisUrl: redis.url, withWorker: false });
  });

  afterAll(async () => {
    await stack?.stop();
    await redis?.destroy();
  });

  it('keeps queued jobs, answers 503 during the outage, and every process reconnects by itself', async () => {
    const queued = [await uploadOk(stack.gatewayUrl, await photo()), await uploadOk(stack.gatewayUrl, await photo())];
    const worker = await AppProcess.start('identifier-worker', stack.env);
    try {
      const socket = await connectSocket(stack.gatewayUrl);
      await Promise.all(queued.map((created) => followIdentification(socket, created)));
      socket.disconnect();

      await redis.stop();
      const duringOutage = await uploadImage(stack.gatewayUrl, await photo());
      expect(duringOutage.status).toBe(503);
      expect(duringOutage.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/queue is unreachable/) });
      expect(await healthStatus(stack.gatewayUrl)).toBe(503);

      // Jobs queued while the worker cannot reach Redis wait in Redis's AOF across the restart.
      await redis.start();
      await eventually(async () => (await healthStatus(stack.gatewayUrl)) === 200, 'gateway health after the restart');
      const afterRestart = await uploadOk(stack.gatewayUrl, await photo());
      const again = await connectSocket(stack.gatewayUrl);
      const { events } = await followIdentification(again, afterRestart);
      again.disconnect();
      expect(events.at(-1)!.status).toBe('completed');
      expect(worker.exited).toBe(false);
    } finally {
      await worker.stop();
    }
  });

  it('keeps jobs that were waiting in Redis when it restarted', async () => {
    const waiting = [await uploadOk(stack.gatewayUrl, await photo()), await uploadOk(stack.gatewayUrl, await photo())];
    await redis.stop();
    await redis.start();
    await eventually(async () => (await healthStatus(stack.gatewayUrl)) === 200, 'gateway health after the restart');
    const worker = await AppProcess.start('identifier-worker', stack.env);
    try {
      const socket = await connectSocket(stack.gatewayUrl);
      for (const created of waiting) expect((await followIdentification(socket, created)).events.at(-1)!.status).toBe('completed');
      socket.disconnect();
    } finally {
      await worker.stop();
    }
  });
});

describe('Postgres unavailable (connections cut by a proxy)', () => {
  let proxy: TcpProxy;
  let stack: TestStack;
  let socket: Socket;
  const prisma = testPrisma();

  beforeAll(async () => {
    proxy = new TcpProxy(5432);
    const url = new URL(baseEnv().DATABASE_URL);
    url.port = String(await proxy.start());
    stack = await startTestStack({
      databaseUrl: url.toString(),
      gatewayEnv: { IDENTIFY_ATTEMPTS: '6', IDENTIFY_BACKOFF_MS: '1000' },
    });
    socket = await connectSocket(stack.gatewayUrl);
  });

  afterAll(async () => {
    socket?.disconnect();
    await stack?.stop();
    await proxy?.stop();
    await prisma.$disconnect();
  });

  it('answers uploads with 503 and writes nothing while Postgres is cut off', async () => {
    const before = [await prisma.identification.count(), await prisma.identificationImage.count()];
    proxy.cutOff();
    try {
      const response = await uploadImage(stack.gatewayUrl, await photo());
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/database is unreachable/) });
    } finally {
      proxy.restore();
    }
    expect([await prisma.identification.count(), await prisma.identificationImage.count()]).toEqual(before);
    expect((await uploadImage(stack.gatewayUrl, await photo())).status).toBe(202);
  });

  it('a worker that cannot write retries later and completes, leaving nothing half-written', async () => {
    stack.fake.reset();
    stack.fake.script({ kind: 'answer', content: validAnimalAnswer(), delayMs: 1_000 });
    const created = await uploadOk(stack.gatewayUrl, await photo());
    await stack.fake.waitForRequests(1, 10_000);
    proxy.cutOff();
    // The model answers while Postgres is gone: storing the result fails and BullMQ schedules a retry.
    const queue = new Queue(IDENTIFY_QUEUE, { connection: { url: TEST_REDIS_URL } });
    try {
      await eventually(async () => ((await queue.getJob(created.id))?.attemptsMade ?? 0) >= 1, 'the failed attempt');
    } finally {
      proxy.restore();
      await queue.close();
    }
    const { events } = await followIdentification(socket, created, 30_000);
    expect(events.at(-1)).toMatchObject({ status: 'completed', result: validAnimalAnswer() });
    const row = await prisma.identification.findUniqueOrThrow({ where: { id: created.id }, include: { image: true } });
    expect(row).toMatchObject({ status: 'completed', errorCode: null });
    expect(row.image).toBeNull();
    expect((await getIdentification(stack.gatewayUrl, created.id, created.accessToken)).body).toMatchObject({ status: 'completed' });
  });
});
