// PostgreSQL and Redis for `npm run dev`: reachability checks, creation of
// the dev database, pending migrations. Imported only after `npm install`,
// since it needs pg and ioredis.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

// Local services answer in milliseconds; a long wait only delays the hint.
const TIMEOUT_MS = 3000;

const START_HINTS = {
  PostgreSQL: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  Redis: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
};

/** The URL with its password replaced, safe to print. */
export function maskUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a valid URL)';
  }
}

/** Resolves to false when the server answers but the database does not exist. */
async function postgresHasDatabase(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
  client.on('error', () => {}); // a dropped connection after connect() is not our concern here
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (error.code === '3D000') return false; // invalid_catalog_name
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

async function pingRedis(url) {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null, // fail once instead of reconnecting forever
  });
  // connect() rejects with a bare "Connection is closed"; the event has the cause.
  let cause;
  redis.on('error', (error) => (cause ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw cause ?? error;
  } finally {
    redis.disconnect();
  }
}

/** An error the server itself sent (bad password, ...), as opposed to no answer at all. */
const serverAnswered = (error) =>
  error instanceof pg.DatabaseError || error?.name === 'ReplyError' || /password/i.test(error?.message ?? '');

function describeFailure(name, envVar, url, error) {
  const lines = [`✖ ${name} (${envVar}=${maskUrl(url)}): ${error.message || error.code || error}`];
  if (serverAnswered(error)) {
    lines.push(`  The server answered but refused us: check the credentials in ${envVar} (.env).`);
  } else {
    lines.push(`  Not reachable. Start it on this machine with:`, `    ${START_HINTS[name]}`);
    lines.push('  or with Docker:', '    docker-compose -f docker-compose.full.yml up -d postgres redis');
    if (name === 'PostgreSQL') lines.push('    (its user is wildid_user: see DATABASE_URL in .env.example)');
  }
  return lines.join('\n');
}

/**
 * Checks both services at once so one run reports every problem.
 * Resolves to { failures: string[], databaseExists: boolean }.
 */
export async function checkServices({ databaseUrl, redisUrl }) {
  const [postgres, redis] = await Promise.allSettled([postgresHasDatabase(databaseUrl), pingRedis(redisUrl)]);
  const failures = [];
  if (postgres.status === 'rejected') {
    failures.push(describeFailure('PostgreSQL', 'DATABASE_URL', databaseUrl, postgres.reason));
  }
  if (redis.status === 'rejected') failures.push(describeFailure('Redis', 'REDIS_URL', redisUrl, redis.reason));
  return { failures, databaseExists: postgres.value === true };
}

/** Creates the database named in the URL, through the server's `postgres` maintenance database. */
export async function createDatabase(databaseUrl) {
  const maintenance = new URL(databaseUrl);
  const name = decodeURIComponent(maintenance.pathname.slice(1));
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return name;
}

/**
 * Names of the migrations in `dir` that the database has not applied.
 * `prisma migrate deploy` takes ~10 s even with nothing to do; this query
 * lets a normal restart skip it.
 */
export async function pendingMigrations(databaseUrl, dir) {
  const local = readdirSync(dir).filter((name) => existsSync(path.join(dir, name, 'migration.sql')));
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: TIMEOUT_MS });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return local.filter((name) => !applied.has(name));
  } catch (error) {
    if (error.code === '42P01') return local; // undefined_table: nothing applied yet
    throw error;
  } finally {
    await client.end();
  }
}
