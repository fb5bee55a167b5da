import { benchEntry } from '../support/app-dist';
import { BenchChild, until } from '../support/child-process';
import type { BenchRedis } from '../support/database';
import { type LaunchOptions, type SystemUnderTest, type WorkerSetup, answers, freePort, GATEWAY_NODE_ARGS, PRODUCTION_ENV } from './system';

export interface FloorSystemOptions {
  databaseUrl: string;
  redis: BenchRedis;
  modelBaseUrl: string;
  model: string;
  launch: LaunchOptions;
}

/** The bare-library floor (bench/floor), same contract, same fake model, same load. */
export class FloorSystem implements SystemUnderTest {
  readonly name = 'floor' as const;
  url = '';
  private gatewayChild?: BenchChild;
  private running: BenchChild[] = [];
  workerSetup: WorkerSetup = { count: 0, concurrency: 0 };
  private readonly common: Record<string, string>;

  constructor(private readonly options: FloorSystemOptions) {
    this.common = { ...PRODUCTION_ENV, NODE_ENV: 'production', DATABASE_URL: options.databaseUrl, REDIS_URL: options.redis.url, FLOOR_MODEL: options.model };
  }

  get gateway(): BenchChild {
    if (!this.gatewayChild) throw new Error('floor gateway not started');
    return this.gatewayChild;
  }

  get workers(): readonly BenchChild[] {
    return this.running;
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.gatewayChild = await BenchChild.start({
      name: 'floor gateway',
      script: benchEntry.floorServer(),
      nodeArgs: [...GATEWAY_NODE_ARGS, ...this.options.launch.nodeArgs('gateway')],
      env: { ...this.common, PORT: String(port) },
      ready: (child) => until(() => answers(`${this.url}/health`), child),
    });
  }

  async restartGateway(): Promise<void> {
    await this.gatewayChild?.stop(this.options.launch.stopSignal);
    await this.start();
  }

  async setWorkers(setup: WorkerSetup): Promise<void> {
    await Promise.all(this.running.map((worker) => worker.stop(this.options.launch.stopSignal)));
    this.running = await Promise.all(
      Array.from({ length: setup.count }, (_, index) =>
        BenchChild.start({
          name: `floor worker ${index + 1}`,
          script: benchEntry.floorWorker(),
          nodeArgs: this.options.launch.nodeArgs('worker'),
          env: { ...this.common, MODEL_BASE_URL: this.options.modelBaseUrl, CONCURRENCY: String(setup.concurrency) },
          ready: (child) => child.waitForOutput('floor worker ready'),
        }),
      ),
    );
    this.workerSetup = setup;
  }

  async stop(): Promise<void> {
    const signal = this.options.launch.stopSignal;
    await Promise.all([...this.running.map((worker) => worker.stop(signal)), this.gatewayChild?.stop(signal)]);
    this.running = [];
  }
}
