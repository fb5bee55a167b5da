import { baseEnvShape, parseEnv, positiveInt, requireSecretInProduction } from '@wildid/common';
import { z } from 'zod';

const gatewayEnvSchema = z
  .object({
    ...baseEnvShape,
    PORT: positiveInt(3000).refine((port) => port < 65536, 'must be a TCP port (1-65535)'),
    UPLOAD_MAX_BYTES: positiveInt(10 * 1024 * 1024),
    ANON_RETENTION_HOURS: positiveInt(24),
    IDENTIFY_ATTEMPTS: positiveInt(5),
    IDENTIFY_BACKOFF_MS: positiveInt(2_000),
    DATABASE_POOL_SIZE: positiveInt(10),
  })
  .superRefine(requireSecretInProduction);

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadGatewayConfig(): GatewayConfig {
  return parseEnv('gateway', gatewayEnvSchema);
}
