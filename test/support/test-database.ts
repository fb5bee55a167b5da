import type { TestProject } from 'vitest/node';
import { ScratchDatabase } from './scratch-database';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** A fresh database with the real migrations applied, provided to the specs as `databaseUrl`; the returned teardown drops it. */
export async function provideTestDatabase(project: TestProject): Promise<() => Promise<void>> {
  const database = await ScratchDatabase.create(ADMIN_URL, 'wildid_test');
  project.provide('databaseUrl', database.url);
  return () => database.drop();
}
