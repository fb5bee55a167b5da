import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import Redis from 'ioredis';
import sharp from 'sharp';
import { REPO_ROOT } from './app-dist';
import type { BenchDatabase } from './database';

export interface Environment {
  date: string;
  machine: string;
  node: string;
  postgres: string;
  redis: string;
  packages: Record<string, string>;
  commit: string;
}

const PACKAGES = ['@nestjs/core', '@prisma/client', 'bullmq', 'socket.io', 'pg', 'ioredis', 'busboy', 'together-ai'];

function packageVersion(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(require.resolve(`${name}/package.json`, { paths: [REPO_ROOT] })) as { version: string }).version;
  } catch {
    return '?';
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

export async function describeEnvironment(database: BenchDatabase, redisUrl: string): Promise<Environment> {
  const [pg] = await database.query<{ server_version: string }>('SHOW server_version');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const info = await redis.info('server').finally(() => redis.disconnect());
  const packages = Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)]));
  packages.sharp = sharp.versions.sharp ?? '?';
  packages.libvips = sharp.versions.vips;
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    machine: `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB`,
    node: process.version,
    postgres: pg?.server_version ?? '?',
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? '?',
    packages,
    commit: gitCommit(),
  };
}
