import { etaSeconds, measuredIdentifyRate, recordIdentifyFinished } from '@wildid/common';
import Redis from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../support/test-stack';

const MINUTE = 60_000;
// A fixed clock far from the present, so no other test's counts fall in its window.
const T0 = Date.UTC(2031, 0, 1, 12, 0, 0);

describe('identify throughput: finished jobs per minute in Redis, the rate of the last minutes', () => {
  const redis = new Redis(TEST_REDIS_URL);
  beforeEach(async () => {
    const keys = await redis.keys('wildid:identify:finished:*');
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => redis.disconnect());

  it('has no rate before anything finished, so no ETA', async () => {
    expect(await measuredIdentifyRate(redis, T0)).toBeNull();
    expect(etaSeconds(10, null)).toBeNull();
  });

  it('measures from the start of the oldest minute with a finish, over the last five minutes', async () => {
    for (let i = 0; i < 60; i++) await recordIdentifyFinished(redis, T0 - 2 * MINUTE + 1_000);
    for (let i = 0; i < 60; i++) await recordIdentifyFinished(redis, T0 + 1_000);
    // 120 jobs since T0 - 2 min, measured at T0 + 60 s: 180 s.
    expect(await measuredIdentifyRate(redis, T0 + MINUTE)).toBeCloseTo(120 / 180);
    // Six minutes on, the older minute has left the window.
    expect(await measuredIdentifyRate(redis, T0 + 4 * MINUTE + 30_000)).toBeCloseTo(60 / 270);
    expect(etaSeconds(30, 0.5)).toBe(60);
  });

  it('does not take the first seconds of a busy minute for a whole rate', async () => {
    await recordIdentifyFinished(redis, T0 + 1_000);
    expect(await measuredIdentifyRate(redis, T0 + 2_000)).toBeCloseTo(1 / 15);
  });
});
