import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export const PRISMA_OPTIONS = Symbol('PRISMA_OPTIONS');

export interface PrismaOptions {
  databaseUrl: string;
  /** Connections in this process's pool. */
  poolSize: number;
}

/** The one Prisma client of a process, over node-postgres (no query engine binary). */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(PRISMA_OPTIONS) options: PrismaOptions) {
    super({
      adapter: new PrismaPg({
        connectionString: options.databaseUrl,
        max: options.poolSize,
        connectionTimeoutMillis: 5_000,
      }),
    });
  }

  // The last shutdown phase: requests being drained and jobs being finished still need the database.
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
