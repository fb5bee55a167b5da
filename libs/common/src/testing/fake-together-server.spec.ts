import Together, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from 'together-ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTogetherServer, noAnimalAnswer, validAnimalAnswer } from './fake-together-server';

const MODEL = 'Qwen/Qwen3.5-9B';
const PHOTO = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==';

describe(FakeTogetherServer.name, () => {
  let sut: FakeTogetherServer;
  let baseURL: string;

  beforeEach(async () => {
    sut = new FakeTogetherServer();
    baseURL = await sut.start();
  });

  afterEach(() => sut.stop());

  // The real SDK, so the fake is checked against what production code parses.
  function client(timeout = 5_000): Together {
    return new Together({ apiKey: 'test', baseURL, maxRetries: 0, timeout });
  }

  function identify(timeout?: number) {
    return client(timeout).chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Identify the animal. Answer in JSON.' },
        { role: 'user', content: [{ type: 'image_url', image_url: { url: PHOTO } }] },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'animal_result', schema: { type: 'object' } } },
    });
  }

  async function contentOf(timeout?: number): Promise<string | null | undefined> {
    const completion = await identify(timeout);
    return completion.choices[0]?.message?.content;
  }

  async function failure<T extends Error>(promise: Promise<unknown>, type: new (...args: any[]) => T): Promise<T> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    return error as T;
  }

  describe('start', () => {
    it('returns the /v1 base URL on the bound port', () => {
      expect(baseURL).toBe(`http://127.0.0.1:${sut.port}/v1`);
    });
  });

  describe('answer step', () => {
    it('round-trips a valid answer through the SDK and records the request', async () => {
      const completion = await identify();

      expect(completion.object).toBe('chat.completion');
      expect(completion.model).toBe(MODEL);
      expect(completion.choices[0]?.finish_reason).toBe('stop');
      expect(JSON.parse(completion.choices[0]?.message?.content ?? '')).toEqual(validAnimalAnswer());
      expect(completion.usage?.total_tokens).toBeGreaterThan(0);
      const [request] = sut.requests;
      expect(request?.path).toBe('/v1/chat/completions');
      expect(request?.headers.authorization).toBe('Bearer test');
      expect(request?.body.model).toBe(MODEL);
      expect(request?.body.messages[1].content[0].image_url.url).toBe(PHOTO);
      expect(request?.body.response_format.type).toBe('json_schema');
    });

    it('plays scripted steps in order, then the default', async () => {
      sut.script({ kind: 'answer', content: noAnimalAnswer() }, { kind: 'answer', content: 'not json' });
      sut.setDefault({ kind: 'answer', content: validAnimalAnswer({ commonName: 'Badger' }) });

      expect(JSON.parse((await contentOf()) ?? '')).toEqual(noAnimalAnswer());
      expect(await contentOf()).toBe('not json');
      expect(JSON.parse((await contentOf()) ?? '').commonName).toBe('Badger');
      expect(JSON.parse((await contentOf()) ?? '').commonName).toBe('Badger');
    });

    it('answers an empty content for the empty step', async () => {
      sut.script({ kind: 'empty' });

      expect(await contentOf()).toBe('');
    });

    it('waits the configured latency before every answer', async () => {
      const slow = new FakeTogetherServer({ latencyMs: 150 });
      baseURL = await slow.start();
      const startedAt = Date.now();
      try {
        await identify();
      } finally {
        await slow.stop();
      }
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    });
  });

  describe('status step', () => {
    it('surfaces 429 as RateLimitError with a readable retry-after', async () => {
      sut.script({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });

      const error = await failure(identify(), RateLimitError);

      expect(error.status).toBe(429);
      expect(error.headers.get('retry-after')).toBe('1');
      expect(error.message).toContain('rate limited');
    });

    it.each([
      [503, InternalServerError],
      [500, InternalServerError],
      [401, AuthenticationError],
      [400, BadRequestError],
      [402, APIError],
    ])('maps %i to the SDK error class', async (status, type) => {
      sut.script({ kind: 'status', status });

      const error = await failure<APIError>(identify(), type);

      expect(error.status).toBe(status);
    });

    it('sends a custom error body when given', async () => {
      sut.script({ kind: 'status', status: 400, body: { error: { message: 'image too large' } } });

      const error = await failure(identify(), BadRequestError);

      expect(error.message).toContain('image too large');
    });
  });

  describe('hang step', () => {
    it('outlasts the SDK timeout', async () => {
      sut.script({ kind: 'hang', delayMs: 5_000 });

      await failure(identify(200), APIConnectionTimeoutError);
    });

    it('lets stop() finish without waiting for the hung request', async () => {
      sut.script({ kind: 'hang', delayMs: 30_000 });
      const pending = failure(identify(60_000), APIConnectionError);
      await sut.waitForRequests(1);

      const startedAt = Date.now();
      await sut.stop();

      expect(Date.now() - startedAt).toBeLessThan(1_000);
      await pending;
    });
  });

  describe('reset step', () => {
    it('drops the connection, which the SDK reports as a connection error', async () => {
      sut.script({ kind: 'reset' });

      const error = await failure(identify(), APIConnectionError);

      expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    });
  });

  describe('reset', () => {
    it('clears records and script but keeps the default', async () => {
      sut.script({ kind: 'empty' });
      await fetch(`${baseURL}/models`);

      sut.reset();

      expect(sut.requests).toEqual([]);
      expect(JSON.parse((await contentOf()) ?? '')).toEqual(validAnimalAnswer());
    });
  });

  describe('other paths', () => {
    it('answers 404 with a Together error body', async () => {
      const response = await fetch(`${baseURL}/models`);

      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ id: expect.any(String), error: expect.objectContaining({ message: 'Not Found', type: 'invalid_request_error' }) });
    });
  });

  describe('waitForRequests', () => {
    it('resolves once the count is reached', async () => {
      const waiting = sut.waitForRequests(2);
      await Promise.all([identify(), identify()]);

      expect(await waiting).toHaveLength(2);
    });

    it('rejects when the count is not reached in time', async () => {
      await expect(sut.waitForRequests(1, 50)).rejects.toThrow('Expected 1 requests');
    });
  });
});
