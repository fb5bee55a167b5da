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
