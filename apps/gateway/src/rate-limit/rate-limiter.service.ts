import { randomBytes } from 'node:crypto';
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

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A sliding log: the times of the hits allowed in the last window, in one sorted set per key.
 * A hit is allowed while fewer than `limit` fall within the window ending now, so no window of
 * that length, wherever it starts, ever holds more than `limit` (a fixed window allows twice
 * that across its edge). Redis's clock, not the gateway's, so every gateway agrees; one script,
 * so concurrent hits from many gateways cannot both take the last place. Refused hits are not
 * logged: the set never holds more than `limit` entries.
 */
const SLIDING_WINDOW = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local windowMs = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs - windowMs)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], nowMs, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], windowMs)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + windowMs - nowMs`;

/** Sliding-window limits in Redis, shared by every gateway instance. */
@Injectable()
export class RateLimiter {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  /** Counts one hit for `key` if the limit allows it. */
  async take(rule: RateLimit, key: string): Promise<RateLimitDecision> {
    if (rule.limit === 0) return { allowed: true };
    const hitId = randomBytes(9).toString('base64url');
    const waitMs = (await this.redis.eval(SLIDING_WINDOW, 1, `wildid:ratelimit:sliding:${rule.name}:${key}`, rule.limit, rule.windowSeconds * 1000, hitId)) as number;
    return waitMs <= 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Counts one hit for `key`; throws a 429 (with Retry-After) once the limit is reached. */
  async consume(rule: RateLimit, key: string): Promise<void> {
    const decision = await this.take(rule, key);
    if (!decision.allowed) throw new RateLimitedException(decision.retryAfterSeconds, rule.what);
  }
}
