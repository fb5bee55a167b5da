import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { Client } from 'pg';
import { FLOOR_SCHEMA_SQL } from '../floor/schema';
import { REPO_ROOT } from './app-dist';

const run = promisify(execFile);

export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const REDIS_BASE_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database for this run: the app's migrations (prisma migrate deploy) and the floor's schema. */
export class BenchDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(): Promise<BenchDatabase> {
    const name = `wildid_bench_${process.pid}_${Date.now()}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const database = new BenchDatabase(name, url.toString());
    try {
      await run('npx', ['prisma', 'migrate', 'deploy'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: database.url } });
      await database.query(FLOOR_SCHEMA_SQL);
    } catch (error) {
      await database.drop();
      throw error;
    }
    return database;
  }

  async query<T extends object>(sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await adminQuery(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }
}

/** A Redis database index of the bench's own, flushed before use and after. */
export class BenchRedis {
  readonly url: string;

  constructor(readonly index: number) {
    this.url = `${REDIS_BASE_URL}/${index}`;
  }

  async flush(): Promise<void> {
    const redis = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      await redis.flushdb();
    } finally {
      redis.disconnect();
    }
  }

  /** Whether the hash at `key` has `field` (e.g. a worker's heartbeat). */
  async hashHas(key: string, field: string): Promise<boolean> {
    const redis = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      return (await redis.hexists(key, field)) === 1;
    } finally {
      redis.disconnect();
    }
  }
}
