import { z } from 'zod';

/** Whether the provider serves a model, as a worker last found out (probe or real call). */
export const modelStatusSchema = z.object({
  name: z.string(),
  available: z.boolean(),
  /** The provider's words when it is not served (or why it could not be checked). */
  reason: z.string().optional(),
  checkedAt: z.string(),
});
export type ModelStatus = z.infer<typeof modelStatusSchema>;

/**
 * Shared by all workers, one field per model name: a model one worker finds
 * retired is skipped by every worker until a probe finds it served again.
 */
export const MODEL_AVAILABILITY_KEY = 'wildid:model:availability';

/** Splits TOGETHER_MODEL's ordered, comma-separated list. */
export function parseModelList(value: string): string[] {
  return [...new Set(value.split(',').map((name) => name.trim()).filter(Boolean))];
}
