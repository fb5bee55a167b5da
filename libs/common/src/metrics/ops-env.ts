import { z } from 'zod';
import { nonNegativeInt } from '../config/env';
import { HEALTH_PORT_SETTINGS } from '../health/health-ports';

const listenerPort = (defaultPort: number) =>
  nonNegativeInt(defaultPort).refine((port) => port < 65_536, 'must be a TCP port (1-65535), or 0 to turn the listener off');

/**
 * All interfaces by default: Docker's health check runs inside the container,
 * but Prometheus scrapes from another one. These ports are never published.
 */
const listenerHost = z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).default('0.0.0.0'));

/** A worker's health and metrics listener. */
export const healthListenerShape = (app: 'identifier-worker' | 'mailer-worker') => ({
  HEALTH_PORT: listenerPort(HEALTH_PORT_SETTINGS[app].defaultPort),
  HEALTH_HOST: listenerHost,
});

/** The gateway's metrics listener, apart from its public port. */
export const metricsListenerShape = {
  METRICS_PORT: listenerPort(9464),
  METRICS_HOST: listenerHost,
};
