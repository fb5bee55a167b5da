import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { testPrisma } from './support/database';
import { makeJpeg } from './support/images';

const run = promisify(execFile);

/** Row counts of every table in the public schema (the migrations table included). */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<{ count: string }>(`SELECT count(*) AS count FROM "${name}"`);
      counts[name] = Number(result.rows[0]!.count);
    }
    return counts;
  } finally {
    await client.end();
  }
}

async function imageDigests(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ bytes: Buffer }>('SELECT bytes FROM identification_images ORDER BY identification_id');
    return rows.rows.map(({ bytes }) => createHash('sha256').update(bytes).digest('hex'));
  } finally {
    await client.end();
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function urlOf(database: string): string {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

/** Seeds what a backup must carry: a user with a session, a kept upload with its image, an anonymous one, a sign-in token. */
async function seed(): Promise<void> {
  const prisma = testPrisma();
  try {
    const user = await prisma.user.create({ data: { email: `backup-${randomUUID()}@example.org` } });
    await prisma.session.create({ data: { id: randomUUID(), userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } });
    await prisma.magicLinkToken.create({
      data: { email: user.email, tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 900_000) },
    });
    const bytes = await makeJpeg({ seed: 77, width: 320, height: 240 });
    for (const userId of [user.id, null]) {
      await prisma.identification.create({
        data: {
          id: randomUUID(),
          userId,
          accessTokenHash: randomUUID(),
          imageSha256: createHash('sha256').update(bytes).digest('hex'),
          status: 'completed',
          model: 'backup-test',
          result: { isAnimal: true, commonName: 'Red fox' },
          image: { create: { bytes: new Uint8Array(bytes), mimeType: 'image/jpeg', width: 320, height: 240 } },
        },
      });
    }
  } finally {
    await prisma.$disconnect();
  }
}

describe('scripts/backup.sh and scripts/restore.sh', () => {
  const scratch = `wildid_restore_${process.pid}_${Date.now()}`;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wildid-backup-'));
    await seed();
    await adminQuery(`CREATE DATABASE ${scratch}`);
  });

  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  });

  const script = (name: string, args: string[], env: Record<string, string>) =>
    run('bash', [`scripts/${name}`, ...args], { env: { PATH: process.env.PATH, ...env } });

  describe('with DATABASE_URL (the local pg tools)', () => {
    it('dumps the database and restores it into another one with the same rows and image bytes', async () => {
      const source = inject('databaseUrl');
      const dump = join(dir, 'wildid.dump');

      const backup = await script('backup.sh', [dump], { DATABASE_URL: source });
      expect(backup.stdout).toContain(`backup written: ${dump}`);
      expect((await readFile(dump)).subarray(0, 5).toString()).toBe('PGDMP');
      await script('restore.sh', ['--yes', dump], { DATABASE_URL: urlOf(scratch) });

      const [before, after] = [await rowCounts(source), await rowCounts(urlOf(scratch))];
      expect(after).toEqual(before);
      expect(before.identification_images).toBeGreaterThanOrEqual(2);
      expect(before._prisma_migrations).toBeGreaterThan(0);
      expect(await imageDigests(urlOf(scratch))).toEqual(await imageDigests(source));
    });

    it('restores over a database that already has the data (repeatable)', async () => {
      const dump = join(dir, 'wildid.dump');

      await script('restore.sh', ['--yes', dump], { DATABASE_URL: urlOf(scratch) });

      expect(await rowCounts(urlOf(scratch))).toEqual(await rowCounts(inject('databaseUrl')));
    });

    it('refuses to restore without --yes when there is no terminal to ask on', async () => {
      await expect(script('restore.sh', [join(dir, 'wildid.dump')], { DATABASE_URL: urlOf(scratch) })).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/without --yes/),
      });
    });

    it('leaves no file behind when the dump fails', async () => {
      const dump = join(dir, 'failed.dump');

      await expect(script('backup.sh', [dump], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' })).rejects.toMatchObject({ code: 1 });

      expect((await readdir(dir)).filter((name) => name.startsWith('failed'))).toEqual([]);
    });
  });

  describe('through compose (a stand-in docker-compose runs the command on this host)', () => {
    it('runs pg_dump and pg_restore in the postgres service with the prod env file', async () => {
      const bin = join(dir, 'bin');
      const calls = join(dir, 'compose-calls.log');
      await run('mkdir', ['-p', bin]);
      // `docker compose` is absent here, so the scripts fall back to docker-compose.
      await writeFile(join(bin, 'docker'), '#!/bin/sh\nexit 1\n');
      await writeFile(
        join(bin, 'docker-compose'),
        [
          '#!/bin/sh',
          'echo "$*" >> "$CALLS"',
          'while [ $# -gt 0 ] && [ "$1" != exec ]; do shift; done',
          'shift; [ "$1" = -T ] && shift; shift',
          // What the postgres image sets; the host's server stands in for the container.
          'exec env POSTGRES_USER="$FAKE_USER" POSTGRES_DB="$FAKE_DB" "$@"',
        ].join('\n'),
      );
      await Promise.all(['docker', 'docker-compose'].map((name) => chmod(join(bin, name), 0o755)));
      const source = new URL(inject('databaseUrl'));
      const env = (database: string) => ({
        PATH: `${bin}:${process.env.PATH}`,
        CALLS: calls,
        PGHOST: source.hostname,
        PGPORT: source.port || '5432',
        FAKE_USER: decodeURIComponent(source.username),
        FAKE_DB: database,
      });
      const dump = join(dir, 'compose.dump');
      const envFile = join(dir, 'prod.env');
      await writeFile(envFile, 'POSTGRES_PASSWORD=x\n');

      await run('bash', ['scripts/backup.sh', '-e', envFile, dump], { env: env(source.pathname.slice(1)) });
      await run('bash', ['scripts/restore.sh', '--yes', '-e', envFile, dump], { env: env(scratch) });

      expect(await rowCounts(urlOf(scratch))).toEqual(await rowCounts(inject('databaseUrl')));
      const log = await readFile(calls, 'utf8');
      expect(log).toContain(`--env-file ${envFile} -f docker-compose.prod.yml exec -T postgres sh -c pg_dump --format=custom`);
      expect(log).toContain('exec -T postgres sh -c pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction');
    });
  });
});
