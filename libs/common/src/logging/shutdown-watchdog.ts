import type { Logger } from 'pino';

/**
 * Nest's shutdown hooks close queues and connections gracefully; if a
 * dependency is unreachable that can wait forever, so the process exits anyway
 * once the grace period is over (Docker would SIGKILL it a little later).
 */
export function exitIfShutdownStalls(logger: Logger, graceMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        logger.error({ graceMs }, `shutdown after ${signal} did not finish in time; exiting`);
        process.exit(1);
      }, graceMs).unref();
    });
  }
}
