import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from './generated/client';

export const PRISMA_OPTIONS = Symbol('PRISMA_OPTIONS');

export interface PrismaOptions {
  databaseUrl: string;
  /** Connections in this process's pool. */
  poolSize: number;
}

/**
 * The one Prisma client of a process, over node-postgres (no query engine binary).
 * `pool` is the same connection pool, for the few hot-path statements written in
 * SQL: one round trip each, no query compiler, image bytes read as one Buffer.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  readonly pool: Pool;

  constructor(@Inject(PRISMA_OPTIONS) options: PrismaOptions) {
    const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize, connectionTimeoutMillis: 5_000 });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', (error) => new Logger(PrismaService.name).warn(`idle database connection lost: ${error.message}`));
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
  }

  // The last shutdown phase: requests being drained and jobs being finished still need the database.
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    // $disconnect ends the pool only if Prisma ever connected; raw statements may have used it alone.
    if (!this.pool.ending) await this.pool.end();
  }
}
