import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppName } from './support/app-process';
import { baseEnv } from './support/test-stack';

const GOOD_SECRET = 'startup-guard-secret-0123456789abcdef0123456789';
const DEVELOPMENT_SECRET = 'wildid-development-secret-not-for-production';

/** Starts the built app and waits for it to exit (a refused start exits at once, before any connection). */
async function startExpectingExit(app: AppName, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [resolve('dist/apps', app, 'src/main.js')], {
    env: { PATH: process.env.PATH, HEALTH_PORT: '0', METRICS_PORT: '0', PORT: '0', ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stderr };
}

describe('start-up refuses settings that must not reach production', () => {
  it.each([
    ['no SECRET_KEY with NODE_ENV=production', { NODE_ENV: 'production', PUBLIC_URL: 'https://wildid.example.org' }, /SECRET_KEY: is missing, and NODE_ENV=production: set SECRET_KEY to at least 32 random characters/],
    [
      'the development SECRET_KEY with NODE_ENV=production',
      { NODE_ENV: 'production', PUBLIC_URL: 'https://wildid.example.org', SECRET_KEY: DEVELOPMENT_SECRET },
      /SECRET_KEY: is the development fallback, and NODE_ENV=production/,
    ],
    [
      'no SECRET_KEY in development on a public address',
      { NODE_ENV: 'development', PUBLIC_URL: 'http://wildid.example.org:3000' },
      /SECRET_KEY: is missing, and PUBLIC_URL \(http:\/\/wildid\.example\.org:3000\) is not a localhost address/,
    ],
    [
      'the development SECRET_KEY on a LAN address',
      { NODE_ENV: 'development', PUBLIC_URL: 'http://192.168.1.20:3000', SECRET_KEY: DEVELOPMENT_SECRET },
      /SECRET_KEY: is the development fallback, and PUBLIC_URL \(http:\/\/192\.168\.1\.20:3000\) is not a localhost address/,
    ],
    ['no PUBLIC_URL with NODE_ENV=production', { NODE_ENV: 'production', SECRET_KEY: GOOD_SECRET }, /PUBLIC_URL: is required when NODE_ENV=production: set it to/],
  ])('gateway: %s', async (_, env, message) => {
    const { code, stderr } = await startExpectingExit('gateway', env);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^gateway: invalid environment/);
    expect(stderr).toMatch(message);
  });

  it('mailer worker: no PUBLIC_URL or SECRET_KEY in production (its links would be wrong and its seals forgeable)', async () => {
    const { code, stderr } = await startExpectingExit('mailer-worker', { NODE_ENV: 'production' });

    expect(code).toBe(1);
    expect(stderr).toMatch(/SECRET_KEY: is missing, and NODE_ENV=production/);
    expect(stderr).toMatch(/PUBLIC_URL: is required when NODE_ENV=production/);
  });

  it('identifier worker: the development SECRET_KEY in production', async () => {
    const { code, stderr } = await startExpectingExit('identifier-worker', { NODE_ENV: 'production', SECRET_KEY: DEVELOPMENT_SECRET });

    expect(code).toBe(1);
    expect(stderr).toMatch(/SECRET_KEY: is the development fallback, and NODE_ENV=production/);
  });
});
