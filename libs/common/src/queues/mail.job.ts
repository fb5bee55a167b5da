import { z } from 'zod';
import { openSealedSecret, sealSecret } from '../crypto/sealed-secret';

export const MAIL_JOB = 'send-mail';

/** Purpose string for sealing magic-link tokens with SECRET_KEY (see sealSecret). */
const MAGIC_LINK_SEAL_PURPOSE = 'magic-link-token';

/**
 * The token sealed for one recipient: the address is the seal's authenticated
 * data, so a job whose `to` was edited, or copied to another address, carries
 * a token the mailer cannot open and no working link can go elsewhere.
 */
export function sealMagicLinkToken(token: string, recipient: string, secretKey: string): string {
  return sealSecret(token, secretKey, MAGIC_LINK_SEAL_PURPOSE, recipientBinding(recipient));
}

/** Throws unless the token was sealed for exactly this recipient with this key. */
export function openMagicLinkToken(sealedToken: string, recipient: string, secretKey: string): string {
  return openSealedSecret(sealedToken, secretKey, MAGIC_LINK_SEAL_PURPOSE, recipientBinding(recipient));
}

/** Addresses are stored lower-cased; mail domains and (in practice) local parts are case-insensitive. */
function recipientBinding(recipient: string): string {
  return `to:${recipient.trim().toLowerCase()}`;
}

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
