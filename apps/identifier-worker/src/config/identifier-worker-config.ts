import {
  baseEnvShape,
  booleanFlag,
  healthListenerShape,
  optionalString,
  parseEnv,
  parseModelList,
  parseModelPrices,
  positiveInt,
  requireSafeSecretKey,
  unsetIfEmpty,
} from '@wildid/common';
import { z } from 'zod';

/** The serverless catalog's recommended vision model with structured output (2026-10-07). */
export const DEFAULT_TOGETHER_MODEL = 'Qwen/Qwen3.5-9B';

/** The provider and its models: read by the worker and by `npm run model:check` (which needs no database). */
export const modelEnvShape = {
  TOGETHER_API_KEY: optionalString(),
  TOGETHER_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url('must be an http(s) URL').optional()),
  // An ordered list: a model the provider no longer serves is skipped for the next.
  TOGETHER_MODEL: z.preprocess(
    unsetIfEmpty,
    z.string().default(DEFAULT_TOGETHER_MODEL).transform(parseModelList).pipe(z.array(z.string()).min(1, 'must name at least one model')),
  ),
  MODEL_PROBE_INTERVAL_SECONDS: positiveInt(600),
  // While the queue is paused for an operator problem, how often a worker checks whether it is fixed.
  MODEL_PAUSED_PROBE_SECONDS: positiveInt(60),
  MODEL_REASONING: z.preprocess(unsetIfEmpty, z.enum(['off', 'on'], { error: 'must be off or on' }).default('off')),
  MODEL_PRICES: z.preprocess(unsetIfEmpty, z.string().optional()).transform((value, ctx) => {
    const prices = parseModelPrices(value);
    if (typeof prices !== 'string') return prices;
    ctx.addIssue({ code: 'custom', message: prices });
    return z.NEVER;
  }),
  MODEL_DAILY_BUDGET_USD: z.preprocess(unsetIfEmpty, z.coerce.number().min(0, 'must be 0 (no cap) or more').default(0)),
  TOGETHER_TIMEOUT_MS: positiveInt(60_000),
};

export const identifierWorkerEnvSchema = z
  .object({
    ...baseEnvShape,
    // /health/live, /health/ready and /metrics for Docker and Prometheus (0 turns it off).
    ...healthListenerShape('identifier-worker'),
    ...modelEnvShape,
    IDENTIFIER_CONCURRENCY: positiveInt(8),
    DATABASE_POOL_SIZE: positiveInt(5),
    // A job whose worker stops renewing its lock (crash, SIGKILL) is taken over
    // by another worker after at most lock duration + stalled interval.
    IDENTIFY_LOCK_DURATION_MS: positiveInt(30_000),
    IDENTIFY_STALLED_INTERVAL_MS: positiveInt(30_000),
    // A byte-identical photo (same normalized bytes) gets the same model's earlier answer without a model call.
    REUSE_IDENTICAL_RESULTS: booleanFlag(true),
    // Days used or expired sign-in links and ended or expired sessions are kept before the maintenance job deletes them.
    SIGN_IN_RETENTION_DAYS: positiveInt(7),
  })
  .superRefine(requireSafeSecretKey);

export type IdentifierWorkerConfig = z.infer<typeof identifierWorkerEnvSchema>;
export const IDENTIFIER_WORKER_CONFIG = Symbol('IDENTIFIER_WORKER_CONFIG');

export function loadIdentifierWorkerConfig(): IdentifierWorkerConfig {
  return parseEnv('identifier-worker', identifierWorkerEnvSchema);
}
