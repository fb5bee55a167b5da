import type Redis from 'ioredis';
import { z } from 'zod';

/** Operator problems: the queue waits for the operator instead of failing photos. Public codes (API and socket). */
export const MODEL_NOTICE_CODES = [
  'model_unavailable',
  'model_key_invalid',
  'model_credits_exhausted',
  'model_data_sharing_blocked',
  'model_budget_reached',
] as const;
export type ModelNoticeCode = (typeof MODEL_NOTICE_CODES)[number];

/** What a waiting identification carries while the queue is paused. */
export interface IdentificationNotice {
  code: ModelNoticeCode;
  message: string;
}

export const PAUSED_MESSAGE = 'Identification is paused on this server; your photo will be identified as soon as it is back.';

/**
 * One key for the whole deployment: why identifier workers paused the identify
 * queue. Set by the worker that met the problem, cleared by the one whose probe
 * succeeds; gateways read it to add the notice to queued identifications.
 */
export const MODEL_PAUSE_KEY = 'wildid:model:pause';

export const modelPauseSchema = z.object({
  code: z.enum(MODEL_NOTICE_CODES),
  /** For the operator (health, admin stats, logs): the provider's words or the budget figures. */
  reason: z.string(),
  since: z.string(),
});
export type ModelPause = z.infer<typeof modelPauseSchema>;

export function noticeOf(pause: Pick<ModelPause, 'code'>): IdentificationNotice {
  return { code: pause.code, message: PAUSED_MESSAGE };
}

export function parseModelPause(raw: string | null): ModelPause | null {
  if (!raw) return null;
  try {
    const parsed = modelPauseSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function readModelPause(redis: Pick<Redis, 'get'>): Promise<ModelPause | null> {
  return parseModelPause(await redis.get(MODEL_PAUSE_KEY));
}
