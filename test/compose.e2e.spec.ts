import { execFile, execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HEALTH_PORT_SETTINGS } from '@wildid/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const APPS = ['gateway', 'identifier-worker', 'mailer-worker'] as const;

interface Service {
  image?: string;
  ports?: (string | { published?: string | number; target?: number; host_ip?: string; mode?: string })[];
  configs?: { source: string; target: string }[];
  restart?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: {
    replicas?: number;
    endpoint_mode?: string;
    resources?: { limits?: { cpus?: string | number; memory?: string } };
    restart_policy?: { condition?: string };
    update_config?: { order?: string; failure_action?: string };
  };
  secrets?: { source: string }[];
  stop_grace_period?: string;
  volumes?: (string | { source?: string; target?: string })[];
  networks?: Record<string, unknown> | string[];
}
type Config = {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { driver?: string; attachable?: boolean }>;
  secrets?: Record<string, { external?: boolean; name?: string }>;
};

function requireDockerCompose(): void {
  try {
    execFileSync('docker-compose', ['version', '--short'], { stdio: 'pipe' });
  } catch {
    throw new Error(
      'docker-compose is not installed, so the compose files cannot be checked. ' +
        'Install it (Debian/Ubuntu: apt-get install -y --no-install-recommends docker-compose); .ci/run does.',
    );
  }
}

/**
 * The file as Compose resolves it. Copied next to an empty .env.production,
 * which the prod file requires, so the check never touches the working tree.
 * docker-compose 1.x prints YAML only; its Debian package brings python3-yaml.
 */
async function resolvedConfig(dir: string, file: string): Promise<Config> {
  await copyFile(file, join(dir, file));
  const { stdout } = await run('docker-compose', ['-f', join(dir, file), 'config'], {
    // The prod file requires the proxy's host name at deploy time.
    env: { PATH: process.env.PATH, EDGE_HOST: 'wildid.example.org' },
  });
  const json = execFileSync('python3', ['-c', 'import json,sys,yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: stdout });
  return JSON.parse(json.toString()) as Config;
}

/** `host_ip:published:target`, however this Compose version writes it. */
const published = (service: Service) =>
  (service.ports ?? []).map((port) =>
    (typeof port === 'string' ? port : `${port.host_ip ? `${port.host_ip}:` : ''}${port.published}:${port.target}`).replace(/\/tcp$/, ''),
  );

describe('compose files', () => {
  let dir: string;
  let full: Config;
  let prod: Config;

  beforeAll(async () => {
    requireDockerCompose();
    dir = await mkdtemp(join(tmpdir(), 'wildid-compose-'));
    await writeFile(join(dir, '.env.production'), '');
    full = await resolvedConfig(dir, 'docker-compose.full.yml');
    prod = await resolvedConfig(dir, 'docker-compose.prod.yml');
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('both pass scripts/validate-compose.sh (`docker-compose -f FILE config`)', async () => {
    const { stdout } = await run('bash', ['scripts/validate-compose.sh']);

    expect(stdout).toContain('ok:     docker-compose.full.yml');
    expect(stdout).toContain('ok:     docker-compose.prod.yml');
    expect(stdout).toContain('ok:     docker-compose.full.yml + test/docker/compose.test.yml');
  });

  // Development waits on readiness; Swarm replaces tasks whose check fails, so production checks liveness.
  describe.each([
    ['docker-compose.full.yml', () => full, [], [expect.stringMatching(/:3000$/)]],
    // The stack's gateway is reached only through the proxy.
    ['docker-compose.prod.yml', () => prod, ['live'], []],
  ])('%s', (_file, config, probe, gatewayPorts) => {
    it('health-checks every app with the image script, on the port the app listens on', () => {
      for (const app of APPS) {
        const service = config().services[app]!;
        expect(service.healthcheck?.test).toEqual(['CMD', 'node', 'dist/libs/common/src/health/healthcheck.js', app, ...probe]);
        const { variable, defaultPort } = HEALTH_PORT_SETTINGS[app];
        // The script falls back to the default when the variable is unset; the file must not disagree with it.
        expect(Number(service.environment?.[variable] ?? defaultPort)).toBe(defaultPort);
      }
    });

    it('keeps Postgres on the postgres_data volume and the metrics and health ports unpublished', () => {
      const volumes = config().services.postgres!.volumes!.map((volume) => (typeof volume === 'string' ? volume : `${volume.source}:${volume.target}`));
      expect(volumes.some((volume) => volume.startsWith('postgres_data:/var/lib/postgresql/data'))).toBe(true);
      expect(published(config().services.gateway!)).toEqual(gatewayPorts);
      expect(config().services['identifier-worker']!.ports ?? []).toEqual([]);
      expect(config().services['mailer-worker']!.ports ?? []).toEqual([]);
    });
  });

  describe('development', () => {
    it('starts the apps only once Postgres and Redis are healthy and migrations are done', () => {
      for (const app of APPS) {
        expect(full.services[app]!.depends_on).toMatchObject({
          postgres: { condition: 'service_healthy' },
          redis: { condition: 'service_healthy' },
          migrate: { condition: 'service_completed_successfully' },
        });
      }
    });

    it('publishes the web app, Postgres, Redis and Mailpit on 127.0.0.1 only, and reloads code from the mounted sources', () => {
      expect(published(full.services.gateway!)).toEqual(['127.0.0.1:3000:3000']);
      expect(published(full.services.postgres!)).toEqual(['127.0.0.1:5432:5432']);
      expect(published(full.services.redis!)).toEqual(['127.0.0.1:6379:6379']);
      expect(published(full.services.mailpit!).sort()).toEqual(['127.0.0.1:1025:1025', '127.0.0.1:8025:8025']);
      const watcherMounts = JSON.stringify(full.services['build-watch']!.volumes);
      expect(watcherMounts).toContain('/app/apps');
      expect(watcherMounts).toContain('/app/libs');
    });

    it('moves each published host port through its variable (a local server may hold the default)', async () => {
      const { stdout } = await run('docker-compose', ['-f', 'docker-compose.full.yml', 'config'], {
        env: { PATH: process.env.PATH, GATEWAY_HOST_PORT: '13000', POSTGRES_HOST_PORT: '15432', REDIS_HOST_PORT: '16379', SMTP_HOST_PORT: '11025', MAIL_UI_HOST_PORT: '18025' },
      });
      for (const [host, container] of [[13000, 3000], [15432, 5432], [16379, 6379], [11025, 1025], [18025, 8025]]) {
        expect(stdout).toContain(`127.0.0.1:${host}:${container}/tcp`);
      }
    });

    it('runs Debian-based official images (as the stand-ins are), Mailpit on a pinned tag, and health-checks every long-running service', () => {
      expect(full.services.postgres!.image).toBe('postgres:15-bookworm');
      expect(full.services.redis!.image).toBe('redis:7-bookworm');
      expect(full.services.mailpit!.image).toMatch(/^axllent\/mailpit:v\d+\.\d+\.\d+$/);
      expect(full.services.mailhog).toBeUndefined();
      for (const [name, service] of Object.entries(full.services)) {
        if (name !== 'migrate') expect(service.healthcheck?.test, name).toBeDefined();
      }
      for (const app of APPS) expect(full.services[app]!.environment?.MAIL_SERVER).toBe('mailpit');
    });
  });

  describe('production (a Swarm stack: test/docker/swarm.docker.spec.ts deploys it)', () => {
    it('has no mail catcher and publishes only the proxy, on 80 and 443 in host mode; the gateway trusts that one hop', () => {
      expect(prod.services.mailhog).toBeUndefined();
      const publishing = Object.entries(prod.services).filter(([, service]) => (service.ports ?? []).length > 0).map(([name]) => name);
      expect(publishing).toEqual(['proxy']);
      expect(prod.services.proxy!.ports).toEqual([
        { target: 80, published: 80, protocol: 'tcp', mode: 'host' },
        { target: 443, published: 443, protocol: 'tcp', mode: 'host' },
      ]);
      expect(prod.services.proxy!.configs).toEqual([{ source: 'caddyfile', target: '/etc/caddy/Caddyfile' }]);
      expect(prod.services.proxy!.environment).toMatchObject({ EDGE_HOST: 'wildid.example.org', EDGE_TLS: 'acme' });
      expect(prod.services.gateway!.environment!.TRUST_PROXY).toBe('1');
    });

    it('runs on an attachable overlay network, Postgres and Redis reached by DNS round robin', () => {
      expect(prod.networks).toEqual({ backend: { driver: 'overlay', attachable: true } });
      for (const name of Object.keys(prod.services)) expect(prod.services[name]!.networks, name).toEqual({ backend: null });
      expect(prod.services.postgres!.deploy?.endpoint_mode).toBe('dnsrr');
      expect(prod.services.redis!.deploy?.endpoint_mode).toBe('dnsrr');
    });

    it('restarts every task, replaces gateways start-first, and gives SHUTDOWN_TIMEOUT_MS room before a SIGKILL', () => {
      for (const [name, service] of Object.entries(prod.services)) expect(service.deploy?.restart_policy?.condition, name).toBe('any');
      expect(prod.services.gateway!.deploy?.update_config).toMatchObject({ order: 'start-first', failure_action: 'rollback' });
      for (const app of APPS) {
        const service = prod.services[app]!;
        expect(Number(service.stop_grace_period!.replace(/s$/, '')) * 1000, app).toBeGreaterThan(Number(service.environment!.SHUTDOWN_TIMEOUT_MS));
      }
    });

    it('limits each app and Postgres to 1 core and 1 GB, and runs two gateways and two identifier workers', () => {
      for (const name of [...APPS, 'postgres']) {
        expect(prod.services[name]!.deploy?.resources?.limits, name).toEqual({ cpus: expect.anything(), memory: '1G' });
        expect(Number(prod.services[name]!.deploy!.resources!.limits!.cpus)).toBe(1);
      }
      expect(prod.services.gateway!.deploy?.replicas).toBe(2);
      expect(prod.services['identifier-worker']!.deploy?.replicas).toBe(2);
    });

    it('hands every secret over as an external Docker secret read through a *_FILE variable, never in the environment', () => {
      for (const app of APPS) {
        const env = prod.services[app]!.environment!;
        expect(env, app).toMatchObject({
          DATABASE_URL_FILE: '/run/secrets/database_url',
          REDIS_URL_FILE: '/run/secrets/redis_url',
          SECRET_KEY_FILE: '/run/secrets/secret_key',
        });
        for (const name of ['DATABASE_URL', 'REDIS_URL', 'SECRET_KEY', 'TOGETHER_API_KEY']) expect(env[name], `${app} ${name}`).toBeUndefined();
        expect(prod.services[app]!.secrets!.map((secret) => secret.source)).toEqual(expect.arrayContaining(['database_url', 'redis_url', 'secret_key']));
      }
      expect(prod.services['identifier-worker']!.environment!.TOGETHER_API_KEY_FILE).toBe('/run/secrets/together_api_key');
      expect(prod.services.postgres!.environment).toMatchObject({ POSTGRES_PASSWORD_FILE: '/run/secrets/postgres_password' });
      expect(prod.services.postgres!.environment!.POSTGRES_PASSWORD).toBeUndefined();
      for (const [name, secret] of Object.entries(prod.secrets!)) expect(secret, name).toEqual({ external: true, name: `wildid_${name}` });
    });
  });
});
