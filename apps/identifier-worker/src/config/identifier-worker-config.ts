import { baseEnvShape, booleanFlag, healthListenerShape, optionalString, parseEnv, positiveInt, requireSafeSecretKey } from '@wildid/common';
import { z } from 'zod';

/** A current Together vision model that supports JSON mode. */
export const DEFAULT_TOGETHER_MODEL = 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8';

const identifierWorkerEnvSchema = z
  .object({
    ...baseEnvShape,
    // /health/live, /health/ready and /metrics for Docker and Prometheus (0 turns it off).
    ...healthListenerShape('identifier-worker'),
    TOGETHER_API_KEY: optionalString(),
    TOGETHER_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url('must be an http(s) URL').optional()),
    TOGETHER_MODEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).default(DEFAULT_TOGETHER_MODEL)),
    TOGETHER_TIMEOUT_MS: positiveInt(60_000),
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

let loaded: IdentifierWorkerConfig | undefined;

/** Parsed once per process (worker options are read when the processor class is declared). */
export function loadIdentifierWorkerConfig(): IdentifierWorkerConfig {
  loaded ??= parseEnv('identifier-worker', identifierWorkerEnvSchema);
  return loaded;
}
