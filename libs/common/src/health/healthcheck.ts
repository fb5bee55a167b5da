/**
 * Docker health check for any of the three apps (the image has no curl or
 * wget): `node dist/libs/common/src/health/healthcheck.js <app>`, where <app>
 * is gateway, identifier-worker or mailer-worker. Exits 0 when the app's
 * /health/ready answers 200 within 4 s; otherwise prints why (`docker inspect`
 * shows it) and exits 1. Imports nothing heavy: it runs every few seconds.
 */
import { HEALTH_PORT_SETTINGS, type HealthCheckedApp } from './health-ports';

const TIMEOUT_MS = 4_000;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const app = argv[0] as HealthCheckedApp | undefined;
  if (!app || !(app in HEALTH_PORT_SETTINGS)) {
    console.error(`usage: healthcheck.js <${Object.keys(HEALTH_PORT_SETTINGS).join('|')}>`);
    return 2;
  }
  const { variable, defaultPort } = HEALTH_PORT_SETTINGS[app];
  const port = Number(env[variable] || defaultPort);
  if (port === 0) {
    console.error(`${variable}=0 turns the health listener off; set a port to health-check ${app}`);
    return 1;
  }
  const url = `http://127.0.0.1:${port}/health/ready`;
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
