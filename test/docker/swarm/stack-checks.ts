import { docker } from '../support/docker-cli';
import type { Followed } from './follower';
import type { SwarmStack } from './swarm-stack';

export const APP_IMAGE = 'wildid-swarm-test:latest';
export const MIGRATE_IMAGE = 'wildid-swarm-test-migrate:latest';
const BASE_IMAGES = ['node:24-bookworm-slim', 'postgres:15-bookworm', 'redis:7-bookworm'];

export const figure = (line: string) => console.log(`[swarm] ${line}`);
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const quoted = (ids: string[]) => ids.map((id) => `'${id}'`).join(',');

/** The app and migrate images from this working tree (mostly the build cache); the base images must exist. */
export async function buildImages(): Promise<void> {
  const missing = [];
  for (const image of BASE_IMAGES) if (!(await docker(['image', 'inspect', image]).catch(() => undefined))) missing.push(image);
  if (missing.length > 0) throw new Error(`base images missing: ${missing.join(', ')}; docker pull them, or build stand-ins with scripts/docker/standin-images.sh`);
  const started = Date.now();
  for (const [target, tag] of [['runtime', APP_IMAGE], ['migrate', MIGRATE_IMAGE]] as const) {
    await docker(['build', '--quiet', '--build-arg', 'NODE_IMAGE=node:24-bookworm-slim', '--target', target, '-t', tag, '.']);
  }
  figure(`images built (or taken from the build cache) in ${seconds(Date.now() - started)}`);
}

/** Identifications per second completed in [from, to), as Postgres recorded them. */
export async function completedPerSecond(stack: SwarmStack, from: number, to: number): Promise<number> {
  const [count] = await stack.sql(`SELECT count(*) FROM identifications WHERE completed_at >= to_timestamp(${from / 1000}) AND completed_at < to_timestamp(${to / 1000})`);
  return Number(count) / ((to - from) / 1000);
}

/** How many of `items` are in each status, in the stack's database. */
export async function statusesOf(stack: SwarmStack, items: Followed[]): Promise<Record<string, number>> {
  const rows = await stack.sql(`SELECT status, count(*) FROM identifications WHERE id IN (${quoted(items.map((item) => item.id))}) GROUP BY status`);
  return Object.fromEntries(rows.map((row) => row.split('\t')).map(([status, count]) => [status!, Number(count)]));
}
