import { baseEnvShape, parseEnv, requireSecretInProduction } from '@wildid/common';
import { z } from 'zod';

const mailerWorkerEnvSchema = z.object({ ...baseEnvShape }).superRefine(requireSecretInProduction);

export type MailerWorkerConfig = z.infer<typeof mailerWorkerEnvSchema>;

export function loadMailerWorkerConfig(): MailerWorkerConfig {
  return parseEnv('mailer-worker', mailerWorkerEnvSchema);
}
