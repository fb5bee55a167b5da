import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { NO_CLIENT_LIMITS } from '../../support/test-stack';
import { docker, dockerIfPresent, script, until } from '../support/docker-cli';

export const STACK = 'wildid';
const SECRETS = ['postgres_password', 'database_url', 'redis_password', 'redis_url', 'secret_key', 'together_api_key'];
const VOLUMES = ['postgres_data', 'redis_data', 'caddy_data', 'caddy_config'];
const CADDYFILE_CONFIG = 'wildid_caddyfile_1';
/** Caddy's local CA (EDGE_TLS=internal), in the proxy's data volume. */
const CADDY_ROOT_CA = '/data/caddy/pki/authorities/local/root.crt';

export interface SwarmStackOptions {
  appImage: string;
  migrateImage: string;
  /** Host ports the proxy publishes for 443 and 80. */
  httpsPort: number;
  httpPort: number;
  /** Host port of the test's Mailpit API. */
  mailpitPort: number;
  /** How long the fake model takes to answer (stack.test.yml). */
  modelLatencyMs: number;
  /** Settings for .env.production, the file operators write. */
  settings: Record<string, string>;
  /** Told each deploy step as it ends, with the seconds since the deploy began. */
  progress: (line: string) => void;
}

/**
 * docker-compose.prod.yml deployed as stack `wildid` on this node's swarm, the
 * way docs/operations.md tells operators: secrets, deploy, one-off migration.
 * The proxy serves https://localhost with Caddy's local CA (EDGE_TLS=internal),
 * which this process then trusts. The only test parts: the fake model and
 * Mailpit (stack.test.yml).
 */
export class SwarmStack {
  /** PUBLIC_URL: the proxy's https address. */
  readonly gatewayUrl: string;
  readonly httpUrl: string;
  readonly mailpitUrl: string;
  /** The test CA (Caddy's local root), PEM. */
  rootCa = '';
  private swarmInitialised = false;
  /** Set once nothing named like the stack's parts existed: only then does remove() touch them. */
  private owned = false;
  private dir = '';

  private constructor(private readonly options: SwarmStackOptions) {
    this.gatewayUrl = `https://localhost:${options.httpsPort}`;
    this.httpUrl = `http://localhost:${options.httpPort}`;
    this.mailpitUrl = `http://127.0.0.1:${options.mailpitPort}`;
  }

  static async deploy(options: SwarmStackOptions): Promise<SwarmStack> {
    const stack = new SwarmStack(options);
    try {
      await stack.start();
    } catch (error) {
      await stack.remove();
      throw error;
    }
    return stack;
  }

  /** Everything the test created: the stack, its volumes, secrets, config and network, the swarm if it made it. */
  async remove(): Promise<void> {
    if (this.owned) await this.removeStack();
    // Leaving while the daemon still tears the network down can time out: try again.
    if (this.swarmInitialised) await until(() => docker(['swarm', 'leave', '--force']).then(() => true), 'leaving the swarm', 30_000, 3_000).catch(() => undefined);
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private async removeStack(): Promise<void> {
    await dockerIfPresent(['stack', 'rm', STACK]);
    await until(async () => (await docker(['ps', '-aq', '--filter', `label=com.docker.stack.namespace=${STACK}`])) === '', 'the stack containers to go', 120_000).catch(() => undefined);
    await until(async () => !(await docker(['network', 'ls', '-q', '--filter', `name=${STACK}_backend`])), 'the network to go', 60_000).catch(() => undefined);
    for (const name of SECRETS) await dockerIfPresent(['secret', 'rm', `wildid_${name}`]);
    for (const name of VOLUMES) await dockerIfPresent(['volume', 'rm', `${STACK}_${name}`]);
    await dockerIfPresent(['config', 'rm', CADDYFILE_CONFIG]);
  }

  /** `service=replicas` for every service of the stack, as `docker service ls` shows them (e.g. `2/2`). */
  async replicas(): Promise<Map<string, string>> {
    const lines = await docker(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Name}} {{.Replicas}}']);
    return new Map(lines.split('\n').filter(Boolean).map((line) => line.split(' ') as [string, string]));
  }

  /** Waits until every service runs (and passes its health check) with all its replicas. */
  async waitConverged(timeoutMs = 240_000): Promise<void> {
    await until(
      async () => {
        const replicas = await this.replicas();
        return replicas.size > 0 && [...replicas.values()].every((value) => /^(\d+)\/\1$/.test(value));
      },
      'every service of the stack to run all its replicas',
      timeoutMs,
    );
  }

  async scale(service: string, replicas: number): Promise<void> {
    await docker(['service', 'scale', '--detach', `${STACK}_${service}=${replicas}`]);
    await this.waitConverged();
  }

  /** The containers of a service's running tasks on this node. */
  async containersOf(service: string): Promise<string[]> {
    const ids = await docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${STACK}_${service}`]);
    return ids.split('\n').filter(Boolean);
  }

  /** Runs SQL in the stack's Postgres (as its owner, inside its container); rows as tab-separated lines. */
  async sql(query: string): Promise<string[]> {
    const [postgres] = await this.containersOf('postgres');
    if (!postgres) throw new Error('no running postgres task');
    const out = await docker(['exec', postgres, 'psql', '-U', 'wildid_user', '-d', 'wildid', '-AtF', '\t', '-c', query]);
    return out.split('\n').filter(Boolean);
  }

  private async start(): Promise<void> {
    const started = Date.now();
    const step = (what: string) => this.options.progress(`${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const state = await docker(['info', '--format', '{{.Swarm.LocalNodeState}}']);
    if (state !== 'active') {
      await docker(['swarm', 'init', '--advertise-addr', '127.0.0.1']);
      this.swarmInitialised = true;
    }
    await this.refuseIfTaken();
    this.owned = true;
    this.dir = await this.writeDeployDir();
    await script('scripts/swarm/create-secrets.sh', [], { TOGETHER_API_KEY: 'fake-model-key' });
    await docker(['stack', 'deploy', '--detach=true', '-c', 'docker-compose.prod.yml', '-c', 'stack.test.yml', STACK], {
      cwd: this.dir,
      env: {
        WILDID_IMAGE: this.options.appImage.split(':')[0]!,
        WILDID_TAG: this.options.appImage.split(':')[1] ?? 'latest',
        EDGE_HOST: 'localhost',
        EDGE_TLS: 'internal',
        EDGE_HTTPS_PORT: String(this.options.httpsPort),
        EDGE_HTTP_PORT: String(this.options.httpPort),
        MAILPIT_API_PORT: String(this.options.mailpitPort),
        FAKE_MODEL_LATENCY_MS: String(this.options.modelLatencyMs),
      },
    });
    step('deploy: secrets created, stack deployed');
    await until(async () => (await this.replicas()).get(`${STACK}_postgres`) === '1/1', 'Postgres to be healthy', 180_000);
    step('deploy: Postgres healthy');
    await script('scripts/swarm/migrate.sh', [this.options.migrateImage, STACK]);
    step('deploy: one-off migration done');
    await this.waitConverged();
    step('deploy: every service healthy');
    await this.trustEdge();
    step('deploy: gateways answer through the proxy over verified HTTPS');
  }

  /** Someone else's stack, secrets, volumes or config of the same names are left alone: the test stops instead. */
  private async refuseIfTaken(): Promise<void> {
    const taken = [
      ...(await docker(['stack', 'ls', '--format', '{{.Name}}'])).split('\n').filter((name) => name === STACK),
      ...(await docker(['secret', 'ls', '--format', '{{.Name}}'])).split('\n').filter((name) => SECRETS.includes(name.replace(/^wildid_/, ''))),
      ...(await docker(['volume', 'ls', '--format', '{{.Name}}'])).split('\n').filter((name) => VOLUMES.some((volume) => name === `${STACK}_${volume}`)),
      ...(await docker(['config', 'ls', '--format', '{{.Name}}'])).split('\n').filter((name) => name === CADDYFILE_CONFIG),
    ];
    if (taken.length > 0) throw new Error(`already on this engine, so the test will not touch them: ${taken.join(', ')}`);
  }

  /** The prod file, the test's additions and a .env.production, as an operator's deploy directory. */
  private async writeDeployDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'wildid-swarm-'));
    await copyFile('docker-compose.prod.yml', join(dir, 'docker-compose.prod.yml'));
    await copyFile('test/docker/swarm/stack.test.yml', join(dir, 'stack.test.yml'));
    await mkdir(join(dir, 'caddy'));
    await copyFile('caddy/Caddyfile', join(dir, 'caddy', 'Caddyfile'));
    const settings = { PUBLIC_URL: this.gatewayUrl, MAIL_SERVER: 'mailpit', MAIL_PORT: '1025', ...NO_CLIENT_LIMITS, ...this.options.settings };
    await writeFile(join(dir, '.env.production'), Object.entries(settings).map(([key, value]) => `${key}=${value}`).join('\n') + '\n');
    return dir;
  }

  /**
   * Reads Caddy's local root CA out of the proxy's data volume and makes it
   * one of this process's default CAs, so fetch, https and socket.io verify
   * the proxy's certificate as a browser that trusts the CA would.
   */
  private async trustEdge(): Promise<void> {
    this.rootCa = await until(async () => {
      const [proxy] = await this.containersOf('proxy');
      return proxy ? docker(['exec', proxy, 'cat', CADDY_ROOT_CA]) : undefined;
    }, "Caddy's local CA", 60_000, 500);
    setDefaultCACertificates([...getCACertificates('default'), this.rootCa]);
    const live = () => fetch(`${this.gatewayUrl}/health/live`, { signal: AbortSignal.timeout(5_000) });
    await until(async () => (await live()).ok, 'the gateways through the proxy', 60_000, 500);
  }
}
