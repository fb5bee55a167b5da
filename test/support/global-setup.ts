import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { provideTestDatabase } from './test-database';

/** End-to-end runs: the built apps must exist; one fresh database per run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('dist/apps/gateway/src/main.js')) {
    throw new Error('End-to-end tests run the built apps: run `npm run build` first (`npm test` does).');
  }
  return provideTestDatabase(project);
}
