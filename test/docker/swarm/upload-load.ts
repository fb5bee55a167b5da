import { ClosedLoop } from '../../support/closed-loop';
import { makeJpeg } from '../../support/images';
import { sleep } from '../support/docker-cli';
import { type Followed, Follower } from './follower';
import { uploadOnFreshConnection } from './fresh-upload';

export interface LoadOptions {
  /** Uploads kept accepted but unfinished: enough that no worker ever waits for work. */
  backlog: number;
  /** Uploads in flight at once. */
  parallel: number;
}

/**
 * Steady load through the gateways: uploads distinct photos whenever fewer
 * than `backlog` are unfinished, each followed on one of several sockets
 * (round robin, so they sit on different gateways).
 */
export class UploadLoad {
  readonly accepted: Followed[] = [];
  readonly failures: string[] = [];
  // A lane per upload in flight; a lane waits while `backlog` accepted uploads are unfinished.
  private readonly loop: ClosedLoop = new ClosedLoop(() => this.uploadOne(), () => this.unfinished.length + this.loop.inProgress < this.options.backlog);
  private turn = 0;

  constructor(
    private readonly baseUrl: string,
    readonly followers: Follower[],
    private readonly options: LoadOptions,
    private seed = 1,
  ) {}

  /** `polling` of the `sockets` use long-polling only, the rest WebSocket. */
  static async open(baseUrl: string, sockets: number, options: LoadOptions, seed = 1, polling = 0): Promise<UploadLoad> {
    const followers = Array.from({ length: sockets }, (_, index) => new Follower(baseUrl, index < polling ? 'polling' : 'websocket'));
    await Promise.all(followers.map((follower) => follower.connected()));
    return new UploadLoad(baseUrl, followers, options, seed);
  }

  get unfinished(): Followed[] {
    return this.accepted.filter((item) => !item.finishedAt);
  }

  start(): void {
    this.loop.start(this.options.parallel);
  }

  /** Stops uploading (waits for uploads in flight); what was accepted still runs. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Resolves once every accepted upload has had its final event; rejects naming the stragglers. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.unfinished.length > 0) {
      if (Date.now() > deadline) throw new Error(`${this.unfinished.length} accepted uploads never finished: ${this.unfinished.map((item) => item.id).join(', ')}`);
      await sleep(250);
    }
  }

  close(): void {
    for (const follower of this.followers) follower.close();
  }

  private async uploadOne(): Promise<void> {
    const photo = await makeJpeg({ width: 320, height: 240, seed: this.seed++ });
    try {
      const response = await uploadOnFreshConnection(this.baseUrl, photo);
      if (response.status !== 202 || !('id' in response.body)) {
        this.failures.push(`${response.status} ${JSON.stringify(response.body)}`);
        return;
      }
      const follower = this.followers[this.turn++ % this.followers.length]!;
      this.accepted.push(follower.follow(response.body));
    } catch (error) {
      this.failures.push((error as Error).message);
    }
  }
}
