import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/**
 * A throw-away database beside the one `adminUrl` names, with the app's real
 * migrations applied (`prisma migrate deploy`): the tests' and the bench's, one
 * per run. Kept free of test-runner imports so the bench compiles it too.
 */
export class ScratchDatabase {
  private constructor(
    private readonly adminUrl: string,
    readonly name: string,
    readonly url: string,
  ) {}

  /** `prefix` plus the process id and the time, so parallel runs never meet. Dropped again if the migrations fail. */
  static async create(adminUrl: string, prefix: string, cwd?: string): Promise<ScratchDatabase> {
    const name = `${prefix}_${process.pid}_${Date.now()}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = new ScratchDatabase(adminUrl, name, url.toString());
    try {
      await run('npx', ['prisma', 'migrate', 'deploy'], { cwd, env: { ...process.env, DATABASE_URL: database.url } });
    } catch (error) {
      await database.drop();
      throw error;
    }
    return database;
  }

  async drop(): Promise<void> {
    await adminQuery(this.adminUrl, `DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }
}

/** One statement on a connection of its own (CREATE and DROP DATABASE cannot run inside a transaction or on their target). */
async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
