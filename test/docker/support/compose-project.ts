import { command } from './docker-cli';

export interface ServiceState {
  service: string;
  status: string;
  health?: string;
  exitCode: number;
}

/**
 * One compose project under a unique name. Drives Compose v2 (`docker compose`)
 * when the CLI has it, else docker-compose 1.x (the Debian package); both read
 * the same files. Host ports and other settings go in `env` (interpolation).
 */
export class ComposeProject {
  private cli?: { file: string; prefix: string[] };

  constructor(
    readonly name: string,
    private readonly files: string[],
    private readonly env: Record<string, string>,
  ) {}

  /** The label Docker puts on the project's containers, networks and volumes. */
  get label(): string {
    return `com.docker.compose.project=${this.name}`;
  }

  async compose(...args: string[]): Promise<string> {
    const cli = await this.composeCli();
    const files = this.files.flatMap((file) => ['-f', file]);
    return command(cli.file, [...cli.prefix, '-p', this.name, ...files, ...args], { ...process.env, ...this.env });
  }

  /** `up -d`; when it fails, the error carries the logs of the services that failed. */
  async up(): Promise<void> {
    try {
      await this.compose('up', '-d');
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await this.logsOf(await this.failed([]))}`);
    }
  }

  /** Each container's service, state and health, from `docker inspect`. */
  async states(): Promise<ServiceState[]> {
    const ids = await this.containerIds();
    if (ids.length === 0) return [];
    const format = '{{index .Config.Labels "com.docker.compose.service"}}|{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.State.ExitCode}}';
    const lines = (await command('docker', ['inspect', '--format', format, ...ids])).split('\n').filter(Boolean);
    return lines.map((line) => {
      const [service, status, health, exitCode] = line.split('|');
      return { service: service!, status: status!, health: health || undefined, exitCode: Number(exitCode) };
    });
  }

  /** The names of the volumes (named and anonymous) the project's containers mount. */
  async volumesInUse(): Promise<string[]> {
    const ids = await this.containerIds();
    if (ids.length === 0) return [];
    const format = '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}';
    return [...new Set((await command('docker', ['inspect', '--format', format, ...ids])).split(/\s+/).filter(Boolean))];
  }

  /** Waits until every long-running service is healthy and every one-off exited 0; fails early on a crash. */
  async waitHealthy(oneOffs: string[], timeoutMs: number): Promise<ServiceState[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await this.states();
      const broken = await this.failed(oneOffs);
      if (broken.length > 0) throw new Error(await this.logsOf(broken));
      const ready = states.every((s) => (oneOffs.includes(s.service) ? s.status === 'exited' : s.health === 'healthy'));
      if (states.length > 0 && ready) return states;
      if (Date.now() > deadline) throw new Error(`not healthy within ${timeoutMs} ms: ${JSON.stringify(states)}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  /** Long-running services that stopped or turned unhealthy, and one-offs that exited non-zero. */
  private async failed(oneOffs: string[]): Promise<ServiceState[]> {
    return (await this.states()).filter((s) =>
      oneOffs.includes(s.service) ? s.status === 'exited' && s.exitCode !== 0 : (s.status === 'exited' && s.exitCode !== 0) || s.health === 'unhealthy',
    );
  }

  private async logsOf(services: ServiceState[]): Promise<string> {
    if (services.length === 0) return '';
    return `${services.map((s) => s.service).join(', ')} failed:\n${await this.compose('logs', '--tail=40', ...services.map((s) => s.service))}`;
  }

  private async containerIds(): Promise<string[]> {
    return (await command('docker', ['ps', '-a', '-q', '--filter', `label=${this.label}`])).split('\n').filter(Boolean);
  }

  private async composeCli(): Promise<{ file: string; prefix: string[] }> {
    if (!this.cli) {
      const v2 = await command('docker', ['compose', 'version']).then(() => true, () => false);
      this.cli = v2 ? { file: 'docker', prefix: ['compose'] } : { file: 'docker-compose', prefix: [] };
    }
    return this.cli;
  }
}
