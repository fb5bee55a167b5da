/**
 * Where each app answers /health/ready: the gateway on its public PORT, the
 * workers on their own HEALTH_PORT listener. Shared by the app configs and the
 * Docker health check script, so both agree on the defaults.
 */
export const HEALTH_PORT_SETTINGS = {
  gateway: { variable: 'PORT', defaultPort: 3000 },
  'identifier-worker': { variable: 'HEALTH_PORT', defaultPort: 3001 },
  'mailer-worker': { variable: 'HEALTH_PORT', defaultPort: 3002 },
} as const;

export type HealthCheckedApp = keyof typeof HEALTH_PORT_SETTINGS;
