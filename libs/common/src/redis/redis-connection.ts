import Redis, { type RedisOptions } from 'ioredis';
import { createLogger } from '../logging/logger';

const logger = createLogger('redis', process.env.LOG_LEVEL ?? 'info');

/**
 * Connections for BullMQ workers and the socket.io adapter: commands wait
 * through a reconnect instead of failing (BullMQ requires this for workers).
 */
export function createPatientRedis(url: string, name: string): Redis {
  return withOutageLogging(new Redis(url, { maxRetriesPerRequest: null, connectionName: name, ...reconnectOptions }), name);
}

/**
 * Connections used while answering an HTTP request: when Redis is down a
 * command fails at once, so the client gets a 503 instead of a hanging request.
 */
export function createFailFastRedis(url: string, name: string): Redis {
  return withOutageLogging(
    new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: name, ...reconnectOptions }),
    name,
  );
}

/** Resolves true once the client is ready, false after `timeoutMs` (never rejects: Redis may be down at boot). */
export function waitUntilRedisReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

const reconnectOptions: RedisOptions = {
  // Back off up to 2 s between reconnect attempts and never give up.
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
};

/** One warning per outage instead of an unhandled error event at every reconnect attempt. */
function withOutageLogging(client: Redis, name: string): Redis {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ connection: name, err: error.message }, 'redis connection lost; reconnecting');
  });
  client.on('ready', () => {
    if (down) logger.info({ connection: name }, 'redis connection back');
    down = false;
  });
  return client;
}
