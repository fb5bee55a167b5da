import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { FakeTogetherServer } from '@wildid/common/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** Runs the built `model:check` as `npm run model:check` does, against the fake provider. */
async function modelCheck(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [resolve('dist/apps/identifier-worker/src/model-check/model-check.main.js')], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

describe('npm run model:check', () => {
  const fake = new FakeTogetherServer();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await fake.start();
  });

  beforeEach(() => fake.reset());

  afterAll(() => fake.stop());

  it('reports each configured model: served or not in the provider\'s words, tokens, cost, schema and answer', async () => {
    const { code, output } = await modelCheck({
      TOGETHER_API_KEY: 'test',
      TOGETHER_BASE_URL: baseUrl,
      TOGETHER_MODEL: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8,Qwen/Qwen3.5-9B',
    });

    expect(code, output).toBe(0);
    expect(output).toMatch(/Llama-4-Maverick[^\n]*\n {2}served: {3}no — model_not_served: 400 model_not_available: Unable to access non-serverless model/);
    expect(output).toMatch(/Qwen\/Qwen3.5-9B\n {2}served: {3}yes\n {2}latency: {2}\d+ ms\n {2}tokens: {3}\d+ prompt \+ \d+ completion = \d+\n {2}cost: {5}0\.\d{6} USD/);
    expect(output).toMatch(/schema: {3}passed \(finish_reason stop\)/);
    expect(output).toContain('"commonName":"Red fox"');
    // The bundled photo went as a JPEG data URI, with reasoning off.
    expect(fake.requests.at(-1)!.body.messages[1].content[1].image_url.url).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(fake.requests.at(-1)!.body.reasoning).toEqual({ enabled: false });
  });

  it('exits non-zero when no model works, naming the operator problem', async () => {
    fake.setDefault({ kind: 'error', error: 'credit_limit' });
    const { code, output } = await modelCheck({ TOGETHER_API_KEY: 'test', TOGETHER_BASE_URL: baseUrl });
    fake.setDefault({ kind: 'answer', content: { isAnimal: true, commonName: 'Red fox' } });

    expect(code).toBe(1);
    expect(output).toMatch(/model_quota_exceeded \(model_credits_exhausted\): 402/);
    expect(output).toContain('FAILED: no configured model works');
  });

  it('exits non-zero without a key', async () => {
    const { code, output } = await modelCheck({ TOGETHER_BASE_URL: baseUrl });

    expect(code).toBe(2);
    expect(output).toMatch(/TOGETHER_API_KEY is not set/);
  });
});
