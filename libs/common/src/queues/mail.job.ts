import { z } from 'zod';

export const MAIL_JOB = 'send-mail';

/** Placeholder contract until sign-in mail exists; no job is produced yet. */
export const mailJobSchema = z.object({ to: z.email(), template: z.string().min(1) });
export type MailJob = z.infer<typeof mailJobSchema>;
