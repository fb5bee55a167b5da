import type Redis from 'ioredis';
import { z } from 'zod';
import { modelStatusSchema } from '../model/model-status';

/**
 * One hash for all identifier workers, one field per worker id, so gateways
 * read every heartbeat with one HGETALL instead of scanning the keyspace.
 * Expiry is by timestamp: a field older than the TTL is a dead worker's and is removed by readers.
 */
export const IDENTIFIER_HEARTBEATS_KEY = 'wildid:heartbeats:identifier-workers';
export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_TTL_SECONDS = 30;

export const identifierHeartbeatSchema = z.object({
  workerId: z.string(),
  /** The model this worker uses now: the first of its list the provider serves. */
  model: z.string(),
  modelConfigured: z.boolean(),
  /** Every configured model, in order, as this worker last found it. */
  models: z.array(modelStatusSchema).default([]),
  at: z.string(),
});
export type IdentifierHeartbeat = z.infer<typeof identifierHeartbeatSchema>;

/** The live workers' heartbeats; dead workers' fields are deleted on the way (bounded by the number of workers). */
export async function readIdentifierHeartbeats(redis: Pick<Redis, 'hgetall' | 'hdel'>, now = Date.now()): Promise<IdentifierHeartbeat[]> {
  const fields = await redis.hgetall(IDENTIFIER_HEARTBEATS_KEY);
  const live: IdentifierHeartbeat[] = [];
  const dead: string[] = [];
  for (const [workerId, raw] of Object.entries(fields)) {
    const heartbeat = parseHeartbeat(raw);
    if (heartbeat && now - Date.parse(heartbeat.at) <= HEARTBEAT_TTL_SECONDS * 1000) live.push(heartbeat);
    else dead.push(workerId);
  }
  if (dead.length > 0) await redis.hdel(IDENTIFIER_HEARTBEATS_KEY, ...dead);
  return live;
}

function parseHeartbeat(raw: string): IdentifierHeartbeat | null {
  try {
    const parsed = identifierHeartbeatSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
