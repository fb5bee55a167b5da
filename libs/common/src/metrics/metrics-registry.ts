import { Registry, collectDefaultMetrics } from 'prom-client';

/** Nest token of the process's one metrics registry. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * A registry with Node's default metrics (memory, CPU, event loop lag, GC)
 * and an `app` label on every series. One per process: metric names must be
 * unique within it, so tests can build as many as they like.
 */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
