import { z } from 'zod';

export const PURGE_EXPIRED_JOB = 'purge-expired-identifications';
export const purgeExpiredJobSchema = z.object({}).strict();
export type PurgeExpiredJob = z.infer<typeof purgeExpiredJobSchema>;
