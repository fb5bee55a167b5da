import { docker, dockerIfPresent, until } from '../support/docker-cli';

const CONTAINER = 'wildid-swarm-restore-pg';
const PASSWORD = 'restore-check';

/**
 * A fresh, empty Postgres for the restore check, as a host that lost the
 * stack's would start one: the same image, published on 127.0.0.1 only so
 * scripts/restore.sh (DATABASE_URL, the host's pg_restore) and a gateway on
 * this machine can reach it.
 */
export class RestoreTarget {
  private constructor(readonly databaseUrl: string) {}

  static async start(image: string, port: number): Promise<RestoreTarget> {
    await dockerIfPresent(['rm', '-f', CONTAINER]);
    await docker([
      'run', '-d', '--name', CONTAINER, '-p', `127.0.0.1:${port}:5432`,
      // A failed first initialisation is retried, as Swarm would.
      '--restart', 'on-failure:3',
      '-e', 'POSTGRES_USER=wildid_user', '-e', `POSTGRES_PASSWORD=${PASSWORD}`, '-e', 'POSTGRES_DB=wildid',
      image,
    ]);
    const target = new RestoreTarget(`postgresql://wildid_user:${PASSWORD}@127.0.0.1:${port}/wildid`);
    // Over TCP, as the clients will come: the init's socket-only phase does not count.
    await until(async () => (await target.sql('SELECT 1'))[0] === '1', 'the fresh Postgres', 90_000, 500);
    return target;
  }

  async sql(query: string): Promise<string[]> {
    const out = await docker(['exec', '-e', `PGPASSWORD=${PASSWORD}`, CONTAINER, 'psql', '-h', '127.0.0.1', '-U', 'wildid_user', '-d', 'wildid', '-AtF', '\t', '-c', query]);
    return out.split('\n').filter(Boolean);
  }

  async remove(): Promise<void> {
    await dockerIfPresent(['rm', '-f', '-v', CONTAINER]);
  }
}

/** Row count per table of the public schema, from any `sql` runner. */
export async function rowCounts(sql: (query: string) => Promise<string[]>): Promise<Record<string, number>> {
  const tables = await sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await sql(`SELECT count(*) FROM "${table}"`))[0]);
  return counts;
}
