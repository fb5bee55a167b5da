import { FakeTogetherServer, validAnimalAnswer } from '@wildid/common/testing';
import Together from 'together-ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { streamCompletion } from './completion-stream';
import { ModelCallError } from './model-errors';

const MODEL = 'Qwen/Qwen3.5-9B';
const PHOTO = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==';

describe(streamCompletion.name, () => {
  let fake: FakeTogetherServer;
  let client: Together;
  let pieces: string[];

  beforeEach(async () => {
    fake = new FakeTogetherServer();
    // The real SDK against the fake's HTTP boundary.
    client = new Together({ apiKey: 'test', baseURL: await fake.start(), maxRetries: 0, timeout: 2_000 });
    pieces = [];
  });

  afterEach(() => fake.stop());

  const ask = (extra: object = {}, idleTimeoutMs = 2_000) =>
    streamCompletion(
      client,
      { model: MODEL, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: PHOTO } }] }], max_tokens: 1200, ...extra },
      idleTimeoutMs,
      (text) => pieces.push(text),
    );

  it('hands over the answer in pieces as they arrive, with the finish reason and the last chunk\'s usage', async () => {
    const answer = await ask({ reasoning: { enabled: false } });

    expect(JSON.parse(answer.content)).toEqual(validAnimalAnswer());
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(answer.content);
    expect(answer.finishReason).toBe('stop');
    expect(answer.usage).toMatchObject({ promptTokens: expect.any(Number), completionTokens: expect.any(Number) });
    expect(answer.usage!.totalTokens).toBe(answer.usage!.promptTokens + answer.usage!.completionTokens);
    expect(fake.requests[0].body.stream).toBe(true);
  });

  it('keeps the reasoning trace out of the answer when reasoning is on', async () => {
    const answer = await ask();

    expect(JSON.parse(answer.content)).toEqual(validAnimalAnswer());
    expect(pieces.join('')).not.toContain('that fits a red fox');
    expect(fake.requests[0].body.reasoning).toBeUndefined();
  });

  it('reads an answer sent as one JSON body', async () => {
    fake.script({ kind: 'answer', content: { isAnimal: true, commonName: 'Badger' }, whole: true });

    const answer = await ask();

    expect(JSON.parse(answer.content)).toEqual({ isAnimal: true, commonName: 'Badger' });
    expect(pieces).toEqual([answer.content]);
    expect(answer.usage?.totalTokens).toBeGreaterThan(0);
  });

  it.each(['eos', 'length'] as const)('passes finish_reason %s on', async (finishReason) => {
    fake.script({ kind: 'answer', content: validAnimalAnswer(), finishReason });

    expect((await ask()).finishReason).toBe(finishReason);
  });

  it('turns a broken stream into a retryable error', async () => {
    fake.script({ kind: 'break', afterChars: 40 });

    const error = await ask().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ retryable: true });
  });

  it('gives up on a stream that goes quiet, as a retryable timeout', async () => {
    fake.script({ kind: 'answer', content: validAnimalAnswer(), chunkDelayMs: 400 });

    await expect(ask({}, 100)).rejects.toMatchObject({ code: 'model_timeout', retryable: true });
  });

  it('turns a provider error before the stream into the classified error', async () => {
    fake.script({ kind: 'error', error: 'credit_limit' });

    await expect(ask()).rejects.toMatchObject({ code: 'model_quota_exceeded', notice: 'model_credits_exhausted' });
  });
});
