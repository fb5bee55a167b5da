import { z } from 'zod';
import { nonNegativeInt } from '../config/env';
import { HEALTH_PORT_SETTINGS } from '../health/health-ports';
import { PRIVATE_BIND } from './ops-listener';

const listenerPort = (defaultPort: number) =>
  nonNegativeInt(defaultPort).refine((port) => port < 65_536, 'must be a TCP port (1-65535), or 0 to turn the listener off');

/**
 * `private` by default: loopback plus each of the machine's addresses in a
 * private range (10/8, 172.16/12, 192.168/16, fc00::/7). Inside a container
 * that is 127.0.0.1 (Docker's health check) and the container's network
 * address (Prometheus in another container); on a host with a public address,
 * the public one is left out, so a forgotten firewall rule exposes nothing.
 * `0.0.0.0` listens everywhere, `127.0.0.1` on this machine only.
 */
const listenerHost = z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).default(PRIVATE_BIND));

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
