import { benchEntry } from './app-dist';
import { BenchChild } from './child-process';

export interface ModelStats {
  requests: number;
  imageBase64Chars: number[];
}

/** The fake vision model process and its control API. */
export class FakeModel {
  private constructor(
    readonly child: BenchChild,
    /** TOGETHER_BASE_URL for the apps, e.g. http://127.0.0.1:1234/v1 */
    readonly baseUrl: string,
    private readonly controlUrl: string,
  ) {}

  static async start(): Promise<FakeModel> {
    const child = await BenchChild.start({
      name: 'fake-model',
      script: benchEntry.fakeModel(),
      env: {},
      ready: (started) => started.waitForOutput('controlUrl'),
    });
    const line = child.logs.split('\n').find((text) => text.includes('controlUrl')) as string;
    const { modelUrl, controlUrl } = JSON.parse(line) as { modelUrl: string; controlUrl: string };
    return new FakeModel(child, modelUrl, controlUrl);
  }

  async setLatency(ms: number): Promise<void> {
    await this.call('POST', `/latency?ms=${ms}`);
  }

  async resetStats(): Promise<void> {
    await this.call('POST', '/stats/reset');
  }

  async stats(): Promise<ModelStats> {
    return (await this.call('GET', '/stats')) as ModelStats;
  }

  async stop(): Promise<void> {
    await this.child.stop();
  }

  private async call(method: string, path: string): Promise<unknown> {
    const response = await fetch(`${this.controlUrl}${path}`, { method });
    if (!response.ok) throw new Error(`fake model control ${path}: HTTP ${response.status}`);
    return response.json();
  }
}
