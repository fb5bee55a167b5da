import { type IdentificationView, MODEL_AVAILABILITY_KEY } from '@wildid/common';
import { SERVED_VISION_MODELS, validAnimalAnswer } from '@wildid/common/testing';
import Redis from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectSocket, followIdentification, getIdentification, nextEvent, uploadOk } from './support/api-client';
import { AppProcess } from './support/app-process';
import { testPrisma } from './support/database';
import { makeJpeg } from './support/images';
import { TEST_REDIS_URL, type TestStack, startTestStack } from './support/test-stack';

const RETIRED = 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8';
const DEFAULT_MODEL = 'Qwen/Qwen3.5-9B';

interface ReadyBody {
  status: string;
  details: { model: { status: string; code?: string; reason?: string; name?: string; models?: Array<{ name: string; available: boolean; reason?: string }> } };
}

describe('the real model provider (real SDK against the fake Together API)', () => {
  let stack: TestStack;
  let socket: Socket;
  let seed = 1_100;
  const prisma = testPrisma();

  beforeAll(async () => {
    // The retired model first: the provider refuses it, so every worker moves on to the served one.
    stack = await startTestStack({ workerEnv: { TOGETHER_MODEL: `${RETIRED},${DEFAULT_MODEL}`, MODEL_PAUSED_PROBE_SECONDS: '1' } });
    socket = await connectSocket(stack.gatewayUrl);
  });

  beforeEach(() => {
    stack.fake.reset();
    stack.fake.serve(SERVED_VISION_MODELS);
    stack.fake.setDefault({ kind: 'answer', content: validAnimalAnswer() });
  });

  afterAll(async () => {
    socket?.disconnect();
    await stack?.stop();
    await prisma.$disconnect();
  });

  const upload = async () => uploadOk(stack.gatewayUrl, await makeJpeg({ seed: seed++ }));
  const ready = async () => (await (await fetch(`${stack.gatewayUrl}/health/ready`)).json()) as ReadyBody;

  it('skips the retired model for the next in the list, streams, turns reasoning off and records the model that answered', async () => {
    const created = await upload();
    const { events } = await followIdentification(socket, created);

    expect(events.at(-1)!.status).toBe('completed');
    const row = await prisma.identification.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.model).toBe(DEFAULT_MODEL);
    const asked = stack.fake.requests.at(-1)!.body;
    expect(asked).toMatchObject({ model: DEFAULT_MODEL, stream: true, reasoning: { enabled: false }, response_format: { type: 'json_schema' } });
    expect(asked.messages[0].content).toContain('"commonName"');
    // Every worker knows: the availability is shared in Redis, and the probe's reason is the provider's.
    const redis = new Redis(TEST_REDIS_URL);
    const shared = JSON.parse((await redis.hget(MODEL_AVAILABILITY_KEY, RETIRED)) ?? '{}');
    await redis.quit();
    expect(shared).toMatchObject({ name: RETIRED, available: false, reason: expect.stringContaining('model_not_available') });
    const health = await ready();
    expect(health.details.model).toMatchObject({ status: 'up', name: DEFAULT_MODEL });
    expect(health.details.model.models).toEqual([
      expect.objectContaining({ name: RETIRED, available: false }),
      expect.objectContaining({ name: DEFAULT_MODEL, available: true }),
    ]);
  });

  it('pushes the streamed names (status processing, partial) before completed on the same socket, and GET shows them meanwhile', async () => {
    stack.fake.script({ kind: 'answer', content: validAnimalAnswer(), chunkDelayMs: 60 });
    const created = await upload();
    const partialEvent = nextEvent(socket, created.id, (view) => view.partial !== undefined);
    const following = followIdentification(socket, created);

    const partial = await partialEvent;
    expect(partial).toMatchObject({ status: 'processing', partial: { commonName: 'Red fox', scientificName: 'Vulpes vulpes', confidence: 0.93 } });
    const read = await getIdentification(stack.gatewayUrl, created.id, created.accessToken);
    expect(read.body).toMatchObject({ status: 'processing', partial: { commonName: 'Red fox' } });
    const { events } = await following;
    const order = events.map((view) => (view.partial ? 'partial' : view.status));
    expect(order.indexOf('partial')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('partial')).toBeLessThan(order.indexOf('completed'));
    expect(events.at(-1)).not.toHaveProperty('partial');
  });

  it('works with a provider that answers with one body instead of a stream', async () => {
    stack.fake.script({ kind: 'answer', content: validAnimalAnswer({ commonName: 'Badger' }), whole: true });
    const { events } = await followIdentification(socket, await upload());
    expect(events.at(-1)).toMatchObject({ status: 'completed', result: { commonName: 'Badger' } });
  });

  it('retries a stream that breaks like a failed call', async () => {
    stack.fake.script({ kind: 'break', afterChars: 60 });
    const { events } = await followIdentification(socket, await upload());
    expect(events.at(-1)!.status).toBe('completed');
    expect(stack.fake.requests).toHaveLength(2);
  });

  it('asks once more with more room when the answer was cut (length), and accepts eos', async () => {
    stack.fake.script(
      { kind: 'answer', content: validAnimalAnswer(), finishReason: 'length' },
      { kind: 'answer', content: validAnimalAnswer(), finishReason: 'eos' },
    );
    const { events } = await followIdentification(socket, await upload());
    expect(events.at(-1)!.status).toBe('completed');
    expect(stack.fake.requests.map((request) => request.body.max_tokens)).toEqual([1200, 2400]);
  });

  it('fails a photo the provider refuses (400 about the image) with model_rejected_photo', async () => {
    stack.fake.script({ kind: 'error', error: 'invalid_image' });
    const { events } = await followIdentification(socket, await upload());
    expect(events.at(-1)).toMatchObject({ status: 'failed', error: { code: 'model_rejected_photo' } });
    expect(stack.fake.requests).toHaveLength(1);
  });

  it('waits out a 429 that names only x-ratelimit-reset, without spending attempts', async () => {
    stack.fake.script(...[1, 2, 3].map(() => ({ kind: 'error' as const, error: 'request_limited' as const, resetSeconds: 1 })));
    const { events } = await followIdentification(socket, await upload());
    expect(events.at(-1)!.status).toBe('completed');
    const times = stack.fake.requests.map((request) => request.at);
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(950);
  });

  async function pausedThenFixed(breakProvider: () => void, code: string, fix: () => void): Promise<IdentificationView[]> {
    breakProvider();
    const created = await upload();
    const noticed = nextEvent(socket, created.id, (view) => view.notice !== undefined);
    const following = followIdentification(socket, created, 60_000);
    expect(await noticed).toMatchObject({ status: 'queued', notice: { code, message: expect.stringMatching(/paused on this server/) } });
    const read = await getIdentification(stack.gatewayUrl, created.id, created.accessToken);
    expect(read.body).toMatchObject({ status: 'queued', notice: { code } });
    const health = await ready();
    expect(health.status).toBe('degraded');
    expect(health.details.model).toMatchObject({ status: 'down', code, reason: expect.any(String) });
    fix();
    const { events } = await following;
    expect(events.at(-1)!.status).toBe('completed');
    expect(events.at(-1)).not.toHaveProperty('notice');
    expect((await ready()).details.model.status).toBe('up');
    return events;
  }

  it('keeps a photo queued with model_unavailable when no configured model is served, and completes once one is, without a restart', async () => {
    await pausedThenFixed(
      () => stack.fake.serve([]),
      'model_unavailable',
      () => stack.fake.serve(SERVED_VISION_MODELS),
    );
  });

  it('pauses on 402 credit_limit (model_credits_exhausted) and resumes by itself once credits are back', async () => {
    await pausedThenFixed(
      () => stack.fake.setDefault({ kind: 'error', error: 'credit_limit' }),
      'model_credits_exhausted',
      () => stack.fake.setDefault({ kind: 'answer', content: validAnimalAnswer() }),
    );
  });

  it('pauses on 401 invalid_api_key (model_key_invalid) and resumes by itself once the key works', async () => {
    await pausedThenFixed(
      () => stack.fake.setDefault({ kind: 'error', error: 'invalid_api_key' }),
      'model_key_invalid',
      () => stack.fake.setDefault({ kind: 'answer', content: validAnimalAnswer() }),
    );
  });

  it('pauses on 403 third_party_data_sharing_blocked (model_data_sharing_blocked)', async () => {
    await pausedThenFixed(
      () => stack.fake.setDefault({ kind: 'error', error: 'third_party_data_sharing_blocked' }),
      'model_data_sharing_blocked',
      () => stack.fake.setDefault({ kind: 'answer', content: validAnimalAnswer() }),
    );
  });
});

describe('MODEL_DAILY_BUDGET_USD', () => {
  let stack: TestStack;
  let socket: Socket;
  let raisedWorker: AppProcess | undefined;

  beforeAll(async () => {
    // One identification (four image tiles and the prompt at Qwen's price) costs about 0.0012 USD.
    stack = await startTestStack({ workerEnv: { MODEL_DAILY_BUDGET_USD: '0.0005', MODEL_PAUSED_PROBE_SECONDS: '1' } });
    socket = await connectSocket(stack.gatewayUrl);
  });

  afterAll(async () => {
    socket?.disconnect();
    await raisedWorker?.stop();
    await stack?.stop();
  });

  it('pauses with model_budget_reached once today\'s spend reaches the cap; a raised cap resumes it', async () => {
    const first = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: 1_500 }));
    expect((await followIdentification(socket, first)).events.at(-1)!.status).toBe('completed');

    const second = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: 1_501 }));
    const noticed = nextEvent(socket, second.id, (view) => view.notice !== undefined);
    const following = followIdentification(socket, second, 60_000);
    expect(await noticed).toMatchObject({ status: 'queued', notice: { code: 'model_budget_reached' } });
    const health = (await (await fetch(`${stack.gatewayUrl}/health/ready`)).json()) as ReadyBody;
    expect(health.details.model).toMatchObject({ status: 'down', code: 'model_budget_reached', reason: expect.stringMatching(/MODEL_DAILY_BUDGET_USD=0.0005/) });
    expect(stack.fake.requests).toHaveLength(1);

    await stack.worker!.stop();
    raisedWorker = await AppProcess.start('identifier-worker', { ...stack.env, MODEL_DAILY_BUDGET_USD: '1' });
    const { events } = await following;
    expect(events.at(-1)!.status).toBe('completed');
  });
});
