/**
 * Docker health check for any of the three apps (the image has no curl or
 * wget): `node dist/libs/common/src/health/healthcheck.js <app> [ready|live]`,
 * where <app> is gateway, identifier-worker or mailer-worker. Exits 0 when the
 * app's /health/ready (default) or /health/live answers 200 within 4 s;
 * otherwise prints why (`docker inspect` shows it) and exits 1. Swarm replaces
 * unhealthy tasks, so its stack checks `live`: a Redis blip makes every task
 * unready at once, and replacing them all would not bring Redis back.
 * Imports nothing heavy: it runs every few seconds.
 */
import { HEALTH_PORT_SETTINGS, type HealthCheckedApp } from './health-ports';

const TIMEOUT_MS = 4_000;
const PROBES = ['ready', 'live'];

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const app = argv[0] as HealthCheckedApp | undefined;
  const probe = argv[1] ?? 'ready';
  if (!app || !(app in HEALTH_PORT_SETTINGS) || !PROBES.includes(probe)) {
    console.error(`usage: healthcheck.js <${Object.keys(HEALTH_PORT_SETTINGS).join('|')}> [${PROBES.join('|')}]`);
    return 2;
  }
  const { variable, defaultPort } = HEALTH_PORT_SETTINGS[app];
  const port = Number(env[variable] || defaultPort);
  if (port === 0) {
    console.error(`${variable}=0 turns the health listener off; set a port to health-check ${app}`);
    return 1;
  }
  const url = `http://127.0.0.1:${port}/health/${probe}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (response.ok) return 0;
    console.error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 2_000)}`);
  } catch (error) {
    console.error(`${url} did not answer: ${(error as Error).message}`);
  }
  return 1;
}

void main(process.argv.slice(2), process.env).then((code) => process.exit(code));
