import { Client } from 'pg';
import { table } from '../report/format';

/**
 * A statistical profile of Postgres: polls pg_stat_activity for the bench database
 * every few ms and counts active backends by (what they wait on, query). Shows
 * where database time goes without extensions or server settings.
 */
export class PgActivitySampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly adminUrl: string,
    private readonly database: string,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    this.running = true;
    this.loop = this.poll(client).finally(() => client.end());
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  render(top = 15): string {
    const rows = [...this.counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
    return [
      `#### Postgres: active backends of the bench database, by wait and query (${this.samples} samples of pg_stat_activity)`,
      '',
      table(['samples', 'busy on', 'query'], rows.map(([key, count]) => {
        const [wait, query] = key.split('\u0000');
        return [String(count), wait ?? '', `\`${(query ?? '').slice(0, 160)}\``];
      })),
      '',
    ].join('\n');
  }

  private async poll(client: Client): Promise<void> {
    while (this.running) {
      const { rows } = await client.query<{ wait: string; query: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
        [this.database],
      );
      this.samples++;
      for (const row of rows) {
        const key = `${row.wait}\u0000${row.query}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
