import { PrismaService } from '@wildid/common';
import { inject } from 'vitest';

/** The same Prisma client the apps use, on this run's test database, for assertions. */
export function testPrisma(): PrismaService {
  return new PrismaService({ databaseUrl: inject('databaseUrl'), poolSize: 2 });
}

/** The same, in a database session whose time zone is not UTC: hand-written SQL must agree with Prisma anyway. */
export function testPrismaInNewYork(): PrismaService {
  const url = new URL(inject('databaseUrl'));
  url.searchParams.set('options', '-c TimeZone=America/New_York');
  return new PrismaService({ databaseUrl: url.toString(), poolSize: 2 });
}
