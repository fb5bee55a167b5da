import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export type AppName = 'gateway' | 'identifier-worker' | 'mailer-worker';

/** The log line each app prints once it can take work. */
const READY_MESSAGE: Record<AppName, string> = {
  gateway: 'gateway listening',
  'identifier-worker': 'identifier worker ready',
  'mailer-worker': 'mailer worker ready',
};

/** A built app running as its own process, as in production. */
export class AppProcess {
  private output = '';
  private constructor(
    readonly name: AppName,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(name: AppName, env: Record<string, string | undefined>): Promise<AppProcess> {
    const child = spawn(process.execPath, [resolve('dist/apps', name, 'src/main.js')], {
      // No fixed ops ports: several apps run side by side here; specs that probe them pass free ones.
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', HEALTH_PORT: '0', METRICS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(name, child);
    await app.waitForLog(READY_MESSAGE[name], 30_000);
    return app;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get logs(): string {
    return this.output;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves when the app has logged `text` (already or later); rejects if it exits first. */
  waitForLog(text: string, timeoutMs = 15_000): Promise<void> {
    if (this.output.includes(text)) return Promise.resolve();
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.name} did not log "${text}" within ${timeoutMs} ms:\n${this.output}`)), timeoutMs);
      const onData = () => this.output.includes(text) && finish();
      const onExit = () => finish(new Error(`${this.name} exited before logging "${text}":\n${this.output}`));
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.child.stdout?.off('data', onData);
        this.child.stderr?.off('data', onData);
        this.child.off('exit', onExit);
        if (error) reject(error);
        else resolvePromise();
      };
      this.child.stdout?.on('data', onData);
      this.child.stderr?.on('data', onData);
      this.child.once('exit', onExit);
    });
  }

  /** Sends `signal` and waits for the process to end. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.exited) return;
    const exited = once(this.child, 'exit');
    this.child.kill(signal);
    await exited;
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
