import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

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
