import { baseEnvShape, optionalString, parseEnv, positiveInt, requireSecretInProduction } from '@wildid/common';
import { z } from 'zod';

/** A current Together vision model that supports JSON mode. */
export const DEFAULT_TOGETHER_MODEL = 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8';

const identifierWorkerEnvSchema = z
  .object({
    ...baseEnvShape,
    TOGETHER_API_KEY: optionalString(),
    TOGETHER_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url('must be an http(s) URL').optional()),
    TOGETHER_MODEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).default(DEFAULT_TOGETHER_MODEL)),
    TOGETHER_TIMEOUT_MS: positiveInt(60_000),
    IDENTIFIER_CONCURRENCY: positiveInt(8),
    DATABASE_POOL_SIZE: positiveInt(5),
  })
  .superRefine(requireSecretInProduction);

export type IdentifierWorkerConfig = z.infer<typeof identifierWorkerEnvSchema>;
export const IDENTIFIER_WORKER_CONFIG = Symbol('IDENTIFIER_WORKER_CONFIG');

export function loadIdentifierWorkerConfig(): IdentifierWorkerConfig {
  return parseEnv('identifier-worker', identifierWorkerEnvSchema);
}
