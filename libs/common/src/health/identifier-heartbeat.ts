import { z } from 'zod';

/**
 * Each identifier worker refreshes one key under this prefix while it runs,
 * so gateways can tell whether any worker is up and whether it can reach a model.
 */
export const IDENTIFIER_HEARTBEAT_PREFIX = 'wildid:heartbeat:identifier-worker:';
export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_TTL_SECONDS = 30;

export const identifierHeartbeatSchema = z.object({
  workerId: z.string(),
  model: z.string(),
  modelConfigured: z.boolean(),
  at: z.string(),
});
export type IdentifierHeartbeat = z.infer<typeof identifierHeartbeatSchema>;
