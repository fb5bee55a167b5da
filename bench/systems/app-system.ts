import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { appEntry, loadDist } from '../support/app-dist';
import { BenchChild, until } from '../support/child-process';
import type { BenchRedis } from '../support/database';
import { type LaunchOptions, type SystemUnderTest, type WorkerSetup, answers, freePort, GATEWAY_NODE_ARGS, PRODUCTION_ENV } from './system';

interface HeartbeatModule {
  IDENTIFIER_HEARTBEATS_KEY: string;
}

export interface AppSystemOptions {
  databaseUrl: string;
  redis: BenchRedis;
  modelBaseUrl: string;
  model: string;
  launch: LaunchOptions;
}

/** WildID itself: the built gateway and identifier workers from dist/, in production mode. */
export class AppSystem implements SystemUnderTest {
  readonly name = 'app' as const;
  url = '';
  private gatewayChild?: BenchChild;
  private running: BenchChild[] = [];
  workerSetup: WorkerSetup = { count: 0, concurrency: 0 };
  private readonly common: Record<string, string>;
  /** The gateway's SECRET_KEY: the batch scenario signs its session cookie with it. */
  readonly secretKey = randomBytes(32).toString('hex');

  constructor(private readonly options: AppSystemOptions) {
    this.common = {
      ...PRODUCTION_ENV,
      NODE_ENV: 'production',
      SECRET_KEY: this.secretKey,
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redis.url,
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '10000',
    };
  }

  get gateway(): BenchChild {
    if (!this.gatewayChild) throw new Error('app gateway not started');
    return this.gatewayChild;
  }

  get workers(): readonly BenchChild[] {
    return this.running;
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.gatewayChild = await BenchChild.start({
      name: 'app gateway',
      script: appEntry.gateway(),
      nodeArgs: [...GATEWAY_NODE_ARGS, ...this.options.launch.nodeArgs('gateway')],
      env: {
        ...this.common,
        PORT: String(port),
        PUBLIC_URL: this.url,
        // The ops listeners stay on, as in production, on ports of their own.
        METRICS_PORT: String(await freePort()),
        METRICS_HOST: '127.0.0.1',
        RATE_LIMIT_UPLOADS_PER_MINUTE: '0',
        RATE_LIMIT_MAGIC_LINK_PER_EMAIL_HOUR: '0',
        RATE_LIMIT_MAGIC_LINK_PER_IP_HOUR: '0',
        // The load driver is one IP opening up to 100 connections and uploads at once.
        RATE_LIMIT_STATUS_READS_PER_MINUTE: '0',
        RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE: '0',
        RATE_LIMIT_SOCKET_SUBSCRIBES_PER_MINUTE: '0',
        UPLOAD_MAX_CONCURRENT_PER_IP: '0',
      },
      ready: (child) => until(() => answers(`${this.url}/health`), child),
    });
  }

  async restartGateway(): Promise<void> {
    await this.gatewayChild?.stop(this.options.launch.stopSignal);
    await this.start();
  }

  async setWorkers(setup: WorkerSetup): Promise<void> {
    await Promise.all(this.running.map((worker) => worker.stop(this.options.launch.stopSignal)));
    this.running = await Promise.all(Array.from({ length: setup.count }, (_, index) => this.startWorker(index, setup.concurrency)));
    this.workerSetup = setup;
  }

  private async startWorker(index: number, concurrency: number): Promise<BenchChild> {
    const healthPort = await freePort();
    const { IDENTIFIER_HEARTBEATS_KEY } = loadDist<HeartbeatModule>('libs/common/src/health/identifier-heartbeat.js');
    return BenchChild.start({
      name: `app identifier-worker ${index + 1}`,
      script: appEntry.identifierWorker(),
      nodeArgs: this.options.launch.nodeArgs('worker'),
      env: {
        ...this.common,
        TOGETHER_API_KEY: 'bench',
        TOGETHER_BASE_URL: this.options.modelBaseUrl,
        TOGETHER_MODEL: this.options.model,
        IDENTIFIER_CONCURRENCY: String(concurrency),
        HEALTH_PORT: String(healthPort),
        HEALTH_HOST: '127.0.0.1',
      },
      // The worker logs nothing at LOG_LEVEL=warn once ready; its heartbeat field says it booted.
      ready: (child) => until(() => this.options.redis.hashHas(IDENTIFIER_HEARTBEATS_KEY, `${hostname()}:${child.pid}`), child),
    });
  }

  async stop(): Promise<void> {
    const signal = this.options.launch.stopSignal;
    await Promise.all([...this.running.map((worker) => worker.stop(signal)), this.gatewayChild?.stop(signal)]);
    this.running = [];
  }
}
