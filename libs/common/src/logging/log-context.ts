import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

/** Ids that follow one request or job through every log line written while it runs. */
export type LogContext = Record<string, string | undefined>;

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` so that every line logged inside it (services included, across awaits) carries `context`. */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/**
 * pino `mixin`: adds the current context to a line. Keys a child logger
 * already binds are left out, because pino would write them twice and some
 * log stores reject JSON with duplicate keys.
 */
export function logContextMixin(_line: object, _level: number, logger: Logger): object {
  const context = storage.getStore();
  if (!context) return {};
  const bound = logger.bindings();
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value !== undefined && !(key in bound)) fields[key] = value;
  }
  return fields;
}
