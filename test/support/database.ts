import { PrismaService } from '@wildid/common';
import { inject } from 'vitest';

/** The same Prisma client the apps use, on this run's test database, for assertions. */
export function testPrisma(): PrismaService {
  return new PrismaService({ databaseUrl: inject('databaseUrl'), poolSize: 2 });
}
