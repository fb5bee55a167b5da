import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/** Validates a job payload on the consuming side; a malformed job can never succeed, so it fails at once. */
export function parseJobPayload<Schema extends z.ZodType>(schema: Schema, data: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid_job_payload: ${parsed.error.message}`);
  return parsed.data;
}
