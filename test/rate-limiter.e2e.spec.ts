import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RateLimitedException } from '../apps/gateway/src/rate-limit/rate-limited.exception';
import { type RateLimit, RateLimiter } from '../apps/gateway/src/rate-limit/rate-limiter.service';
import { TEST_REDIS_URL } from './support/test-stack';

const LIMIT = 5;
const WINDOW_MS = 1000;
// Client-side timestamps differ from Redis's clock by a round trip or so.
const CLOCK_SLACK_MS = 60;

/** Two gateways: each its own Redis connection and limiter, sharing the limits through Redis. */
describe('RateLimiter against real Redis, shared by two gateways', () => {
  const connections = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
  const gateways = connections.map((redis) => new RateLimiter(redis));

  afterAll(async () => {
    await Promise.all(connections.map((redis) => redis.quit()));
  });

  const freshRule = (): RateLimit => ({ name: `test-${randomUUID()}`, what: 'test hits', limit: LIMIT, windowSeconds: WINDOW_MS / 1000 });

  /** One hit through gateway `index`: the client time it was sent at, and whether it was allowed. */
  async function hit(index: number, rule: RateLimit): Promise<{ at: number; allowed: boolean; retryAfter?: number }> {
    const at = Date.now();
    try {
      await gateways[index % 2]!.consume(rule, 'client');
      return { at, allowed: true };
    } catch (error) {
      if (!(error instanceof RateLimitedException)) throw error;
      return { at, allowed: false, retryAfter: error.retryAfterSeconds };
    }
  }

  /** The most allowed hits found in any window of WINDOW_MS (less the clock slack). */
  function mostInAnyWindow(allowedAt: number[]): number {
    const times = [...allowedAt].sort((a, b) => a - b);
    return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + WINDOW_MS - CLOCK_SLACK_MS).length));
  }

  it('does not allow twice the limit across a window edge: a burst just before and just after it', async () => {
    const rule = freshRule();
    const start = Date.now();
    const first = await hit(0, rule);
    await sleep(start + 850 - Date.now());
    const beforeEdge = await Promise.all(Array.from({ length: LIMIT - 1 }, (_, i) => hit(i, rule)));
    await sleep(start + WINDOW_MS + 80 - Date.now());
    const afterEdge = await Promise.all(Array.from({ length: LIMIT }, (_, i) => hit(i, rule)));

    expect([first, ...beforeEdge].every((result) => result.allowed)).toBe(true);
    // Only the first hit has left the window: one place is free, not a whole new window.
    expect(afterEdge.filter((result) => result.allowed)).toHaveLength(1);
    const allowed = [first, ...beforeEdge, ...afterEdge].filter((result) => result.allowed).map((result) => result.at);
    expect(mostInAnyWindow(allowed)).toBeLessThanOrEqual(LIMIT);
    // The refused are told to wait until the burst before the edge leaves the window (under a second here).
    expect(afterEdge.filter((result) => !result.allowed).every((result) => result.retryAfter === 1)).toBe(true);
  });

  it('holds the limit in every window while both gateways hammer one key for 2.5 windows, and frees places as hits age', async () => {
    const rule = freshRule();
    const results: Array<{ at: number; allowed: boolean }> = [];
    const end = Date.now() + 2.5 * WINDOW_MS;
    await Promise.all(
      [0, 1].map(async (index) => {
        while (Date.now() < end) {
          results.push(await hit(index, rule));
          await sleep(7);
        }
      }),
    );
    const allowed = results.filter((result) => result.allowed).map((result) => result.at);
    expect(results.length).toBeGreaterThan(100);
    expect(mostInAnyWindow(allowed)).toBeLessThanOrEqual(LIMIT);
    // Liveness: each of the 2.5 windows let its share through.
    expect(allowed.length).toBeGreaterThanOrEqual(2 * LIMIT);
  });

  it('keeps keys and rules apart, and turns a limit of 0 off', async () => {
    const rule = freshRule();
    for (let i = 0; i < LIMIT; i++) await gateways[0]!.consume(rule, 'alice');
    await expect(gateways[1]!.consume(rule, 'alice')).rejects.toBeInstanceOf(RateLimitedException);
    await expect(gateways[1]!.consume(rule, 'bob')).resolves.toBeUndefined();
    await expect(gateways[1]!.consume(freshRule(), 'alice')).resolves.toBeUndefined();
    const off = { ...freshRule(), limit: 0 };
    for (let i = 0; i < 3 * LIMIT; i++) await gateways[i % 2]!.consume(off, 'alice');
  });
});
