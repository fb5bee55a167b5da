import Redis from 'ioredis';
import { Client } from 'pg';
import { ScratchDatabase } from '../../test/support/scratch-database';
import { FLOOR_SCHEMA_SQL } from '../floor/schema';
import { REPO_ROOT } from './app-dist';

export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const REDIS_BASE_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh database for this run: the app's migrations (prisma migrate deploy) and the floor's schema. */
export class BenchDatabase {
  private constructor(private readonly scratch: ScratchDatabase) {}

  get name(): string {
    return this.scratch.name;
  }

  get url(): string {
    return this.scratch.url;
  }

  static async create(): Promise<BenchDatabase> {
    const database = new BenchDatabase(await ScratchDatabase.create(ADMIN_URL, 'wildid_bench', REPO_ROOT));
    try {
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
    await this.scratch.drop();
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
