import type { IdentificationView } from '@wildid/common';
import { IDENTIFY_QUEUE } from '@wildid/common';
import { validAnimalAnswer } from '@wildid/common/testing';
import { Queue } from 'bullmq';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, followIdentification, getIdentification, uploadOk } from '../support/api-client';
import { AppProcess } from '../support/app-process';
import { testPrisma } from '../support/database';
import { makeJpeg } from '../support/images';
import { TEST_REDIS_URL, type TestStack, startTestStack } from '../support/test-stack';
import { eventually } from '../support/waiting';

// Short lock and stall intervals so a killed worker's job is taken over within seconds.
const WORKER_ENV = {
  IDENTIFY_LOCK_DURATION_MS: '2000',
  IDENTIFY_STALLED_INTERVAL_MS: '1000',
  SHUTDOWN_TIMEOUT_MS: '20000',
  // Hung model calls here stand for work in progress, not for a model timeout.
  TOGETHER_TIMEOUT_MS: '120000',
};

describe('worker faults', () => {
  let stack: TestStack;
  let socket: Socket;
  let spare: AppProcess | undefined;
  const prisma = testPrisma();
  const queue = new Queue(IDENTIFY_QUEUE, { connection: { url: TEST_REDIS_URL } });
  let seed = 1000;

  beforeAll(async () => {
    stack = await startTestStack({ workerEnv: WORKER_ENV });
    socket = await connectSocket(stack.gatewayUrl);
  });

  afterEach(async () => {
    await spare?.stop();
    spare = undefined;
  });

  afterAll(async () => {
    socket?.disconnect();
    await queue.close();
    await stack?.stop();
    await prisma.$disconnect();
  });

  /** Collects every `identification` event for one id on the shared socket. */
  function recordEvents(id: string): IdentificationView[] {
    const events: IdentificationView[] = [];
    socket.on('identification', (view: IdentificationView) => view.id === id && events.push(view));
    return events;
  }

  it('takes over the job of a worker killed with SIGKILL mid-job and completes it exactly once', async () => {
    stack.fake.reset();
    stack.fake.script({ kind: 'hang', delayMs: 30_000 });
    const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: seed++ }));
    const events = recordEvents(created.id);
    await socket.timeout(5_000).emitWithAck('subscribe', created);
    await stack.fake.waitForRequests(1, 10_000);

    await stack.worker!.stop('SIGKILL');
    spare = await AppProcess.start('identifier-worker', { ...stack.env, ...WORKER_ENV });
    await followIdentification(socket, created, 30_000);

    // A later identification finishing proves any duplicate push of the first would have arrived by now.
    const later = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: seed++ }));
    await followIdentification(socket, later);

    expect(events.filter((event) => event.status === 'completed')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ status: 'completed', result: validAnimalAnswer() });
    const rows = await prisma.identification.findMany({ where: { id: created.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('completed');
    expect(stack.fake.requests.length).toBe(3);
  });

  it('SIGTERM: the worker finishes its active job, takes no new one, and exits', async () => {
    const worker = spare ?? (await AppProcess.start('identifier-worker', { ...stack.env, ...WORKER_ENV }));
    spare = undefined;
    stack.fake.reset();
    stack.fake.script({ kind: 'answer', content: validAnimalAnswer(), delayMs: 1_500 });
    const active = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: seed++ }));
    await stack.fake.waitForRequests(1, 10_000);

    const stopping = worker.stop('SIGTERM');
    await worker.waitForLog('identifier worker ready');
    const waiting = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: seed++ }));
    await stopping;

    expect((await getIdentification(stack.gatewayUrl, active.id, active.accessToken)).body).toMatchObject({ status: 'completed' });
    expect((await getIdentification(stack.gatewayUrl, waiting.id, waiting.accessToken)).body).toMatchObject({ status: 'queued' });
    expect(stack.fake.requests).toHaveLength(1);
    expect(worker.logs).not.toMatch(/Connection is closed|ECONNREFUSED|Unhandled/);

    spare = await AppProcess.start('identifier-worker', { ...stack.env, ...WORKER_ENV });
    await followIdentification(socket, waiting);
  });

  it('fails a job whose workers keep dying with a clear reason instead of leaving it processing', async () => {
    stack.fake.reset();
    stack.fake.setDefault({ kind: 'hang', delayMs: 60_000 });
    try {
      const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: seed++ }));
      const events = recordEvents(created.id);
      await socket.timeout(5_000).emitWithAck('subscribe', created);
      for (let crash = 1; crash <= 3; crash++) {
        const worker = await AppProcess.start('identifier-worker', { ...stack.env, ...WORKER_ENV });
        await stack.fake.waitForRequests(crash, 15_000);
        await worker.stop('SIGKILL');
      }
      spare = await AppProcess.start('identifier-worker', { ...stack.env, ...WORKER_ENV });
      await eventually(async () => events.find((event) => event.status === 'failed'), 'the failed event', 30_000);
      const row = await prisma.identification.findUniqueOrThrow({ where: { id: created.id } });
      expect(row).toMatchObject({ status: 'failed', errorCode: 'processing_interrupted' });
      expect((await queue.getJob(created.id))?.failedReason).toMatch(/stalled/);
    } finally {
      stack.fake.setDefault({ kind: 'answer', content: validAnimalAnswer() });
    }
  });
});
