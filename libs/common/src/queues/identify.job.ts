import { z } from 'zod';

export const IDENTIFY_JOB = 'identify';

/** Ids only: the worker reads the image from Postgres, never from Redis. */
export const identifyJobSchema = z.object({
  identificationId: z.uuid(),
  requestId: z.string().min(1).max(128),
});
export type IdentifyJob = z.infer<typeof identifyJobSchema>;
