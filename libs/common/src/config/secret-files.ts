import { readFileSync } from 'node:fs';

/**
 * The variables that carry secrets, each of which may instead be given as a
 * file: `DATABASE_URL_FILE=/run/secrets/database_url` reads DATABASE_URL from
 * that file. Docker and Swarm secrets arrive as files under /run/secrets, and a
 * file keeps the secret out of `docker inspect` and the process environment.
 */
export const SECRET_FILE_VARIABLES = ['DATABASE_URL', 'REDIS_URL', 'SECRET_KEY', 'TOGETHER_API_KEY', 'MAIL_PASSWORD'] as const;

export interface SecretFilesResult {
  env: NodeJS.ProcessEnv;
  /** One line per bad `*_FILE` variable, naming it; empty when all were read. */
  problems: string[];
}

/**
 * Returns a copy of `env` with each `X_FILE` read into `X` (trailing line
 * breaks dropped: `echo secret > file` must not put a newline in a password).
 * Setting both X and X_FILE is refused: which one wins would be a guess.
 */
export function readSecretFiles(env: NodeJS.ProcessEnv, variables: readonly string[] = SECRET_FILE_VARIABLES): SecretFilesResult {
  const resolved: NodeJS.ProcessEnv = { ...env };
  const problems: string[] = [];
  for (const name of variables) {
    const path = env[`${name}_FILE`];
    if (!path) continue;
    if (env[name]) {
      problems.push(`${name}_FILE: ${name} is set too; set only one of them`);
      continue;
    }
    try {
      resolved[name] = readFileSync(path, 'utf8').replace(/[\r\n]+$/, '');
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    delete resolved[`${name}_FILE`];
  }
  return { env: resolved, problems };
}
