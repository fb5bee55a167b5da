import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { GATEWAY_REDIS } from '../redis/gateway-redis';
import { RateLimitedException } from './rate-limited.exception';

export interface RateLimit {
  /** Names the bucket in Redis and in the error message ("Too many <what>"). */
  name: string;
  what: string;
  /** Allowed per window; 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
}

// INCR and set the expiry on the first hit, atomically, so every gateway shares one counter.
const INCREMENT_WINDOW = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('TTL', KEYS[1]) }`;

/**
 * Fixed-window counters in Redis, shared by every gateway instance.
 * (@nestjs/throttler's Redis storages do not support Nest 12 yet.)
 */
@Injectable()
export class RateLimiter {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  /** Counts one hit for `key`; throws a 429 once the window's limit is exceeded. */
  async consume(rule: RateLimit, key: string): Promise<void> {
    if (rule.limit === 0) return;
    const [hits, ttl] = (await this.redis.eval(INCREMENT_WINDOW, 1, `wildid:ratelimit:${rule.name}:${key}`, rule.windowSeconds)) as [
      number,
      number,
    ];
    if (hits > rule.limit) throw new RateLimitedException(Math.max(ttl, 1), rule.what);
  }
}
