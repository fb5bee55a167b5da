// The docker CLI and small waits, for the compose and swarm tests alike.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a command; on failure the error carries its stderr, which names what went wrong. */
export async function command(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    const { stdout } = await run(file, args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${stderr?.trim() || message}`);
  }
}

/** A TCP port nobody listens on now, for publishing a container's port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Everything Docker holds for a compose project or swarm stack, found by its label. */
export async function labelledResources(label: string): Promise<{ containers: string[]; volumes: string[]; networks: string[] }> {
  const list = async (...args: string[]) => (await command('docker', [...args, '--filter', `label=${label}`, '-q'])).split('\n').filter(Boolean);
  return {
    containers: await list('ps', '-a'),
    volumes: await list('volume', 'ls'),
    networks: await list('network', 'ls'),
  };
}

/** Those of `names` Docker still has. */
export async function existingVolumes(names: string[]): Promise<string[]> {
  const all = new Set((await command('docker', ['volume', 'ls', '-q'])).split('\n'));
  return names.filter((name) => all.has(name));
}

/** Runs the docker CLI; resolves to its trimmed stdout, rejects with its stderr in the message. */
export async function docker(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<string> {
  try {
    const { stdout } = await run('docker', args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`docker ${args.join(' ')} failed: ${failure.stderr?.trim() || failure.message}`);
  }
}

/** For cleanup: the thing may already be gone. */
export async function dockerIfPresent(args: string[]): Promise<void> {
  await docker(args).catch(() => undefined);
}

/** Runs a repository script (bash), as an operator would. */
export async function script(path: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout, stderr } = await run('bash', [path, ...args], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${path} ${args.join(' ')} failed: ${failure.stdout ?? ''}${failure.stderr ?? failure.message}`);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Re-checks until `check` returns a value, every `everyMs`; names what it waited for on timeout. */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs: number, everyMs = 1_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
