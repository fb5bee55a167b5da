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

  describe('hold', () => {
    it('keeps answers back while held, records the requests, and sends the held ones on release', async () => {
      sut.hold();
      await failure(identify(200), APIConnectionTimeoutError);
      const pending = contentOf();
      await sut.waitForRequests(2);

      sut.release();

      expect(JSON.parse((await pending) ?? '')).toEqual(validAnimalAnswer());
      expect(await contentOf()).toBeTruthy();
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

  describe('catalog', () => {
    it('refuses a model it does not serve with 400 model_not_available, in Together\'s body', async () => {
      const response = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8', messages: [] }),
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        id: expect.any(String),
        error: { message: expect.stringMatching(/^Unable to access non-serverless model/), type: 'invalid_request_error', param: null, code: 'model_not_available' },
      });
    });

    it('serves the models it is told to', async () => {
      sut.serve(['my/model']);

      await expect(identify()).rejects.toBeInstanceOf(BadRequestError);
    });
  });

  describe('error step', () => {
    it('answers 429 with x-ratelimit headers naming the reset and no retry-after', async () => {
      sut.script({ kind: 'error', error: 'token_limited', resetSeconds: 3 });

      const error = await failure(identify(), RateLimitError);

      expect(error.headers.get('x-ratelimit-reset')).toBe('3');
      expect(error.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(error.headers.get('retry-after')).toBeNull();
      expect(error.error).toMatchObject({ error: { type: 'dynamic_token_limited' } });
    });

    it('answers 402 with type credit_limit', async () => {
      sut.script({ kind: 'error', error: 'credit_limit' });

      const error = await failure(identify(), APIError);

      expect(error.status).toBe(402);
      expect(error.error).toMatchObject({ error: { type: 'credit_limit' } });
    });
  });

  describe('streaming', () => {
    it('sends SSE data chunks, usage in the last one, then [DONE]', async () => {
      const response = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, stream: true, reasoning: { enabled: false }, messages: [{ role: 'user', content: 'hi' }] }),
      });
      const events = (await response.text()).split('\n\n').filter(Boolean);

      expect(response.headers.get('content-type')).toBe('text/event-stream');
      expect(response.headers.get('x-ratelimit-limit')).not.toBeNull();
      expect(events.at(-1)).toBe('data: [DONE]');
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, '')));
      expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
      expect(chunks.slice(0, -1).every((chunk) => chunk.usage === undefined && chunk.choices[0].finish_reason === null)).toBe(true);
      expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }], usage: { total_tokens: expect.any(Number) } });
      expect(JSON.parse(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join(''))).toEqual(validAnimalAnswer());
    });

    it('traces reasoning unless the request turns it off', async () => {
      const completion = await identify();

      expect((completion.choices[0]?.message as { reasoning?: string }).reasoning).toMatch(/red fox/);
    });

    it('cuts an answer at max_tokens with finish_reason length', async () => {
      const completion = await client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 });

      expect(completion.choices[0]?.finish_reason).toBe('length');
      expect(sut.probes).toHaveLength(1);
      expect(sut.requests).toHaveLength(0);
    });
  });

  describe('control endpoint', () => {
    it('changes the default and the catalog while running', async () => {
      const control = (body: object) =>
        fetch(`${baseURL.replace('/v1', '')}/_fake/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

      expect((await control({ default: { kind: 'error', error: 'credit_limit' } })).status).toBe(204);
      expect((await failure(identify(), APIError)).status).toBe(402);
      await control({ default: { kind: 'answer', content: { isAnimal: false } }, served: [MODEL] });
      expect(await contentOf()).toBe('{"isAnimal":false}');
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
