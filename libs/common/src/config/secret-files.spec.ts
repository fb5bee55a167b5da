import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { parseEnv } from './env';
import { readSecretFiles } from './secret-files';

const dir = mkdtempSync(join(tmpdir(), 'wildid-secrets-'));
const secretFile = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(readSecretFiles.name, () => {
  it('reads X_FILE into X, dropping the trailing line break, and leaves other variables alone', () => {
    const env = { SECRET_KEY_FILE: secretFile('key', 'k'.repeat(40) + '\n'), LOG_LEVEL: 'debug' };

    const sut = readSecretFiles(env);

    expect(sut).toEqual({ env: { SECRET_KEY: 'k'.repeat(40), LOG_LEVEL: 'debug' }, problems: [] });
  });

  it('keeps a secret exactly as written apart from trailing line breaks', () => {
    const sut = readSecretFiles({ REDIS_URL_FILE: secretFile('redis', ' redis://:p a@redis:6379\r\n\n') });

    expect(sut.env.REDIS_URL).toBe(' redis://:p a@redis:6379');
  });

  it('refuses X and X_FILE both set, naming the variable', () => {
    const sut = readSecretFiles({ DATABASE_URL: 'postgresql://a/b', DATABASE_URL_FILE: secretFile('db', 'postgresql://c/d') });

    expect(sut.problems).toEqual(['DATABASE_URL_FILE: DATABASE_URL is set too; set only one of them']);
    expect(sut.env.DATABASE_URL).toBe('postgresql://a/b');
  });

  it('names a file that cannot be read', () => {
    const missing = join(dir, 'missing');

    const sut = readSecretFiles({ TOGETHER_API_KEY_FILE: missing });

    expect(sut.problems).toEqual([`TOGETHER_API_KEY_FILE: cannot read ${missing} (ENOENT)`]);
    expect(sut.env.TOGETHER_API_KEY).toBeUndefined();
  });

  it('treats an empty X_FILE as not set', () => {
    expect(readSecretFiles({ MAIL_PASSWORD_FILE: '' })).toEqual({ env: { MAIL_PASSWORD_FILE: '' }, problems: [] });
  });

  it('reads only the secret variables it is given', () => {
    const path = secretFile('other', 'x');

    expect(readSecretFiles({ OTHER_FILE: path }).env).toEqual({ OTHER_FILE: path });
  });
});

describe(parseEnv.name, () => {
  const schema = z.object({ DATABASE_URL: z.string(), SECRET_KEY: z.string().optional() });

  it('parses secrets given as files', () => {
    const env = { DATABASE_URL_FILE: secretFile('url', 'postgresql://db/wildid\n') };

    expect(parseEnv('test-app', schema, env)).toEqual({ DATABASE_URL: 'postgresql://db/wildid' });
  });

  it('exits with a message naming the conflicting variable', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const env = { DATABASE_URL: 'postgresql://db/wildid', SECRET_KEY: 's', SECRET_KEY_FILE: secretFile('s', 's') };

    parseEnv('test-app', schema, env);

    expect(exit).toHaveBeenCalledWith(1);
    expect(stderr.mock.calls.join('')).toContain('SECRET_KEY_FILE: SECRET_KEY is set too; set only one of them');
    exit.mockRestore();
    stderr.mockRestore();
  });
});
