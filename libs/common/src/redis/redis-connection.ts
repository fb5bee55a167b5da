import Redis, { type RedisOptions } from 'ioredis';

/**
 * Connections for BullMQ workers and the socket.io adapter: commands wait
 * through a reconnect instead of failing (BullMQ requires this for workers).
 */
export function createPatientRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, ...reconnectOptions });
}

/**
 * Connections used while answering an HTTP request: when Redis is down a
 * command fails at once, so the client gets a 503 instead of a hanging request.
 */
export function createFailFastRedis(url: string, name: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: name, ...reconnectOptions });
}

const reconnectOptions: RedisOptions = {
  // Back off up to 2 s between reconnect attempts and never give up.
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
};
