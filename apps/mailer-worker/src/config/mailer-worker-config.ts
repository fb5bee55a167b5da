import {
  baseEnvShape,
  booleanFlag,
  healthListenerShape,
  optionalString,
  parseEnv,
  positiveInt,
  publicUrlShape,
  requirePublicUrlInProduction,
  requireSafeSecretKey,
  withDefaultPublicUrl,
} from '@wildid/common';
import { z } from 'zod';

const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

export const mailerWorkerEnvSchema = z
  .object({
    ...baseEnvShape,
    ...publicUrlShape,
    // /health/live, /health/ready and /metrics for Docker and Prometheus (0 turns it off).
    ...healthListenerShape('mailer-worker'),
    MAIL_SERVER: z.preprocess(unsetIfEmpty, z.string().min(1).default('127.0.0.1')),
    MAIL_PORT: positiveInt(1025).refine((port) => port <= 65_535, 'must be a TCP port (1-65535)'),
    MAIL_USERNAME: optionalString(),
    MAIL_PASSWORD: optionalString(),
    /** true: TLS from the first byte (port 465); false: plain, upgraded by STARTTLS when the server offers it. */
    MAIL_SECURE: booleanFlag(false),
    MAIL_FROM: z.preprocess(unsetIfEmpty, z.string().min(1).default('WildID <no-reply@localhost>')),
    MAILER_CONCURRENCY: positiveInt(4),
  })
  .superRefine(requireSafeSecretKey)
  .superRefine(requirePublicUrlInProduction)
  .superRefine(requireLoginPair)
  .transform(withDefaultPublicUrl);

export type MailerWorkerConfig = z.infer<typeof mailerWorkerEnvSchema>;
export const MAILER_WORKER_CONFIG = Symbol('MAILER_WORKER_CONFIG');

export function loadMailerWorkerConfig(): MailerWorkerConfig {
  return parseEnv('mailer-worker', mailerWorkerEnvSchema);
}

/** Half a login would silently send without authentication; refuse to start instead. */
function requireLoginPair(env: { MAIL_USERNAME?: string; MAIL_PASSWORD?: string }, ctx: z.RefinementCtx): void {
  if (Boolean(env.MAIL_USERNAME) === Boolean(env.MAIL_PASSWORD)) return;
  const missing = env.MAIL_USERNAME ? 'MAIL_PASSWORD' : 'MAIL_USERNAME';
  ctx.addIssue({ code: 'custom', path: [missing], message: 'is required when the other of MAIL_USERNAME/MAIL_PASSWORD is set' });
}
