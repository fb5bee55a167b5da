import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) so Nest's decorator metadata exists in specs.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: [
      { find: /^@wildid\/common\/(.*)$/, replacement: resolve(__dirname, 'libs/common/src/$1') },
      { find: /^@wildid\/common$/, replacement: resolve(__dirname, 'libs/common/src') },
    ],
  },
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts'] },
      },
      {
        extends: true,
        test: {
          // Classes run in-process against the real local Postgres (and Redis), and cross-app checks: no build needed.
          name: 'integration',
          include: ['test/integration/**/*.spec.ts'],
          globalSetup: ['test/support/integration-setup.ts'],
          // After unit and e2e, one file at a time: they share the run's Redis database with the e2e stacks.
          sequence: { groupOrder: 1 },
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.spec.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Each file starts its own gateway and workers on one shared Redis database: one file at a time.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'chaos',
          include: ['test/chaos/*.chaos.spec.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 400_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
