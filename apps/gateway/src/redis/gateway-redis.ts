/** The gateway's general-purpose Redis client (fail-fast), for health checks and heartbeat reads. */
export const GATEWAY_REDIS = Symbol('GATEWAY_REDIS');
