import type { TestProject } from 'vitest/node';
import { provideTestDatabase } from './test-database';

/** Integration runs test classes in-process against real Postgres: no build needed, one fresh database per run. */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return provideTestDatabase(project);
}
