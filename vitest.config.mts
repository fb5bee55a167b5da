import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not Vite's own oxc/esbuild transform) so Nest's decorator metadata exists in specs.
// An .mts file: Vite 8 loads an ESM config natively only when Node sees it as ESM.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: [
      { find: /^@wildid\/common\/(.*)$/, replacement: resolve(import.meta.dirname, 'libs/common/src/$1') },
      { find: /^@wildid\/common$/, replacement: resolve(import.meta.dirname, 'libs/common/src') },
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
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.spec.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Each file starts its own gateway and workers on one shared Redis database: one file at a time
          // (fileParallelism: false is vitest 4+'s form of vitest 3's poolOptions.forks.singleFork).
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          // Real images on this machine's Docker engine (test/docker/): one file at a time, minutes each.
          name: 'docker',
          include: ['test/docker/**/*.docker.spec.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'chaos',
          include: ['test/chaos/*.chaos.spec.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 400_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
