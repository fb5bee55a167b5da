import { createFailFastRedis, waitUntilRedisReady } from '@wildid/common';
import type Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../support/test-stack';

describe('waitUntilRedisReady (the gateway waits for it before listening)', () => {
  const clients: Redis[] = [];
  const open = (url: string) => {
    const client = createFailFastRedis(url, 'test:readiness');
    clients.push(client);
    return client;
  };

  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  it('resolves true once a fail-fast client can take commands', async () => {
    const client = open(TEST_REDIS_URL);

    expect(await waitUntilRedisReady(client, 5_000)).toBe(true);
    expect(await client.ping()).toBe('PONG');
  });

  it('resolves false, without throwing, when no Redis answers', async () => {
    // Port 1 on loopback: nothing listens there, so every connect is refused.
    const client = open('redis://127.0.0.1:1');

    expect(await waitUntilRedisReady(client, 300)).toBe(false);
    expect(client.status).not.toBe('ready');
  });
});
