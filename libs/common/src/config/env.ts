import { z } from 'zod';
import { readSecretFiles } from './secret-files';

/**
 * Parses the environment once at boot, secrets given as `X_FILE` included
 * (see secret-files.ts); on failure names each bad variable and exits.
 */
export function parseEnv<Schema extends z.ZodType>(
  appName: string,
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const secrets = readSecretFiles(env);
  const parsed = schema.safeParse(secrets.env);
  if (parsed.success && secrets.problems.length === 0) return parsed.data;
  const issues = parsed.success ? [] : parsed.error.issues;
  const lines = [
    ...secrets.problems.map((problem) => `  ${problem}`),
    ...issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`),
  ];
  process.stderr.write(`${appName}: invalid environment (see .env.example)\n${lines.join('\n')}\n`);
  process.exit(1);
}

/** Empty strings count as unset, so `VAR=` in an env file means "use the default". */
export const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

export const optionalString = () => z.preprocess(unsetIfEmpty, z.string().optional());

export const positiveInt = (defaultValue: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int('must be a whole number').positive('must be above 0').default(defaultValue));

export const nonNegativeInt = (defaultValue: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(defaultValue));

export const booleanFlag = (defaultValue: boolean) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
      .default(defaultValue ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
  );

const urlWithProtocols = (protocols: string[], hint: string) =>
  z
    .string({ error: `is required (${hint})` })
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be ${hint}`);

/** Variables every WildID process reads. */
export const baseEnvShape = {
  NODE_ENV: z.preprocess(unsetIfEmpty, z.enum(['development', 'production', 'test']).default('development')),
  LOG_LEVEL: z.preprocess(unsetIfEmpty, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info')),
  DATABASE_URL: urlWithProtocols(['postgresql:', 'postgres:'], 'a postgresql:// URL'),
  REDIS_URL: z.preprocess(
    unsetIfEmpty,
    urlWithProtocols(['redis:', 'rediss:'], 'a redis:// URL').default('redis://127.0.0.1:6379'),
  ),
  SECRET_KEY: optionalString(),
  /** How long SIGTERM may take (finishing active jobs, draining requests) before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: positiveInt(30_000),
};

/** The public origin people reach WildID at; links in mail and the CSRF origin check use it. Required in production (see deployment-guard.ts). */
export const publicUrlShape = {
  PUBLIC_URL: z.preprocess(unsetIfEmpty, urlWithProtocols(['http:', 'https:'], 'an http(s) URL').optional()),
};
