/** The gateway's general-purpose Redis client (fail-fast), for health checks and heartbeat reads. */
export const GATEWAY_REDIS = Symbol('GATEWAY_REDIS');

/** The fail-fast client the gateway's BullMQ queues share (enqueue while Redis is down gets a 503 at once). */
export const GATEWAY_BULLMQ_REDIS = Symbol('GATEWAY_BULLMQ_REDIS');
