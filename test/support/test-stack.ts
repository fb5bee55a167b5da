import { FakeTogetherServer } from '@wildid/common/testing';
import Redis from 'ioredis';
import { inject } from 'vitest';
import { AppProcess, freePort } from './app-process';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';

export interface TestStack {
  gatewayUrl: string;
  gateway: AppProcess;
  worker?: AppProcess;
  fake: FakeTogetherServer;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  gatewayEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
  /** false: no identifier worker (uploads stay queued). */
  withWorker?: boolean;
  /** Another Redis (e.g. one the test restarts); default TEST_REDIS_URL, flushed first. */
  redisUrl?: string;
  /** Another database URL (e.g. through a proxy the test cuts). */
  databaseUrl?: string;
}

/** Tests upload far faster than people, from one address; the rate-limit tests turn limits on themselves. */
export const NO_CLIENT_LIMITS: Record<string, string> = {
  RATE_LIMIT_UPLOADS_PER_MINUTE: '0',
  RATE_LIMIT_MAGIC_LINK_PER_EMAIL_HOUR: '0',
  RATE_LIMIT_MAGIC_LINK_PER_IP_HOUR: '0',
  RATE_LIMIT_VERIFY_PER_IP_HOUR: '0',
  RATE_LIMIT_STATUS_READS_PER_MINUTE: '0',
  RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE: '0',
  RATE_LIMIT_SOCKET_SUBSCRIBES_PER_MINUTE: '0',
  REPORT_RATE_LIMIT: '0',
  UPLOAD_MAX_CONCURRENT_PER_IP: '0',
  BATCH_MAX_CONCURRENT_PER_IP: '0',
};

/** Environment shared by every app of a test stack: the run's database and Redis. */
export function baseEnv(): Record<string, string> {
  return { DATABASE_URL: inject('databaseUrl'), REDIS_URL: TEST_REDIS_URL };
}

export async function flushTestRedis(url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  await redis.flushdb();
  await redis.quit();
}

/** Gateway and identifier worker as separate processes, with a fresh fake Together server. */
export async function startTestStack(options: StackOptions = {}): Promise<TestStack> {
  await flushTestRedis(options.redisUrl);
  const fake = new FakeTogetherServer();
  const togetherUrl = await fake.start();
  const port = await freePort();
  const env = {
    ...baseEnv(),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    TOGETHER_API_KEY: 'test-key',
    TOGETHER_BASE_URL: togetherUrl,
    TOGETHER_TIMEOUT_MS: '3000',
    IDENTIFY_ATTEMPTS: '3',
    IDENTIFY_BACKOFF_MS: '100',
  };
  const gatewayEnv = {
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...NO_CLIENT_LIMITS,
  };
  const gateway = await AppProcess.start('gateway', { ...env, ...gatewayEnv, ...options.gatewayEnv });
  const worker = options.withWorker === false ? undefined : await AppProcess.start('identifier-worker', { ...env, ...options.workerEnv });
  return {
    gatewayUrl: `http://127.0.0.1:${port}`,
    gateway,
    worker,
    fake,
    env,
    async stop() {
      await Promise.all([gateway.stop(), worker?.stop()]);
      await fake.stop();
    },
  };
}
