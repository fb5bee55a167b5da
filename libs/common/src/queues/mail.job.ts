import { z } from 'zod';

export const MAIL_JOB = 'send-mail';

/** Purpose string for sealing magic-link tokens with SECRET_KEY (see sealSecret). */
export const MAGIC_LINK_SEAL_PURPOSE = 'magic-link-token';

/**
 * A sign-in link. The token is sealed with SECRET_KEY: BullMQ keeps job data
 * in clear text in Redis, and a usable token must never rest there.
 */
export const magicLinkMailSchema = z.object({
  template: z.literal('magic-link'),
  to: z.email(),
  sealedToken: z.string().min(20).max(512),
  expiresAt: z.iso.datetime(),
  requestId: z.string().min(1).max(128),
});

export const mailJobSchema = z.discriminatedUnion('template', [magicLinkMailSchema]);
export type MailJob = z.infer<typeof mailJobSchema>;
export type MagicLinkMail = z.infer<typeof magicLinkMailSchema>;
