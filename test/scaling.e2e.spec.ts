import { FakeTogetherServer, SERVED_VISION_MODELS } from '@wildid/common/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedBody, connectSocket, followIdentification, getIdentification, uploadOk } from './support/api-client';
import { AppProcess, freePort } from './support/app-process';
import { testPrisma } from './support/database';
import { makeJpeg } from './support/images';
import { NO_CLIENT_LIMITS, baseEnv, flushTestRedis } from './support/test-stack';

// Each worker asks the fake for its own model name, and the fake answers with
// it, so the `model` stored per row says which worker did the job.
const MODEL_ONE = 'scaling/worker-one';
const MODEL_TWO = 'scaling/worker-two';

/**
 * Horizontal scaling on one machine: two gateways and two identifier workers
 * sharing only Redis and Postgres, as `docker compose up --scale` runs them.
 */
describe('two gateways and two identifier workers on one Redis and Postgres', () => {
  // Slow enough that one worker (one job at a time) cannot take every job.
  const fake = new FakeTogetherServer({ latencyMs: 400 });
  const prisma = testPrisma();
  const gateways: { url: string; app: AppProcess }[] = [];
  let workerOne: AppProcess;
  let workerTwo: AppProcess;
  let socketOnB: Socket;
  let seed = 900;

  beforeAll(async () => {
    await flushTestRedis();
    const env = {
      ...baseEnv(),
      TOGETHER_API_KEY: 'test-key',
      TOGETHER_BASE_URL: await fake.start(),
      IDENTIFY_ATTEMPTS: '3',
      IDENTIFY_BACKOFF_MS: '100',
    };
    // Each worker its own model name, so the results show which worker answered; the fake serves both.
    fake.serve([...SERVED_VISION_MODELS, MODEL_ONE, MODEL_TWO]);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const app = await AppProcess.start('gateway', { ...env, PORT: String(port), PUBLIC_URL: url, ...NO_CLIENT_LIMITS });
      gateways.push({ url, app });
    }
    const worker = (model: string) => AppProcess.start('identifier-worker', { ...env, TOGETHER_MODEL: model, IDENTIFIER_CONCURRENCY: '1' });
    [workerOne, workerTwo] = await Promise.all([worker(MODEL_ONE), worker(MODEL_TWO)]);
    socketOnB = await connectSocket(gateways[1]!.url);
  });

  afterAll(async () => {
    socketOnB?.disconnect();
    await Promise.all([...gateways.map(({ app }) => app.stop()), workerOne?.stop(), workerTwo?.stop()]);
    await fake.stop();
    await prisma.$disconnect();
  });

  const gatewayA = () => gateways[0]!.url;
  const gatewayB = () => gateways[1]!.url;

  async function uploadToA(count: number): Promise<CreatedBody[]> {
    return Promise.all(Array.from({ length: count }, async () => uploadOk(gatewayA(), await makeJpeg({ seed: seed++, width: 320, height: 240 }))));
  }

  /** Follows every upload on the socket connected to gateway B; resolves with each final status. */
  async function finalStatusesOnB(uploads: CreatedBody[]): Promise<string[]> {
    const followed = await Promise.all(uploads.map((created) => followIdentification(socketOnB, created, 45_000)));
    return followed.map(({ events }) => events.at(-1)!.status);
  }

  async function modelsOf(uploads: CreatedBody[]): Promise<(string | null)[]> {
    const rows = await prisma.identification.findMany({ where: { id: { in: uploads.map(({ id }) => id) } }, select: { model: true } });
    return rows.map(({ model }) => model);
  }

  it('pushes every result uploaded through A to the socket on B, and spreads the jobs over both workers', async () => {
    const uploads = await uploadToA(6);

    expect(await finalStatusesOnB(uploads)).toEqual(Array(6).fill('completed'));

    const models = await modelsOf(uploads);
    expect(models).toHaveLength(6);
    expect(models.filter((model) => model === MODEL_ONE).length).toBeGreaterThan(0);
    expect(models.filter((model) => model === MODEL_TWO).length).toBeGreaterThan(0);
    // Nothing lives in one gateway's memory: B serves what A created.
    const viaB = await getIdentification(gatewayB(), uploads[0]!.id, uploads[0]!.accessToken);
    expect(viaB.body).toMatchObject({ id: uploads[0]!.id, status: 'completed' });
  });

  it('finishes all work on the other worker when one is stopped with SIGTERM mid-batch; the stopped one makes no model call after the signal', async () => {
    fake.reset();
    // Answers are held until worker one has begun to stop, so it cannot finish its job and take another before the signal lands.
    fake.hold();
    const uploads = await uploadToA(6);
    // Each worker (one job at a time) holds one job and waits for the model.
    const inFlight = await fake.waitForRequests(2, 10_000);
    expect(new Set(inFlight.map((request) => request.body.model))).toEqual(new Set([MODEL_ONE, MODEL_TWO]));

    const stopped = workerOne.stop('SIGTERM');
    await workerOne.waitForLog('stopping: finishing active jobs, taking no new ones');
    fake.release();
    await stopped;

    expect(await finalStatusesOnB(uploads)).toEqual(Array(6).fill('completed'));
    // Worker one's only model call is the one in flight when it was signalled: none after.
    expect(fake.requests.filter((request) => request.body.model === MODEL_ONE)).toHaveLength(1);
    const models = await modelsOf(uploads);
    // Graceful: the job worker one held when stopped was finished, not abandoned; every other job went to worker two.
    expect(models.filter((model) => model === MODEL_ONE)).toHaveLength(1);
    expect(models.filter((model) => model === MODEL_TWO)).toHaveLength(5);
    expect(workerOne.logs).not.toMatch(/did not finish in time/);
  });
});
