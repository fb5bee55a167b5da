// Child-process and port helpers for scripts/dev.mjs. Only Node built-ins:
// this module is loaded before `npm install` may have run.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// `node scripts/dev.mjs` run directly (not through npm) has no
// node_modules/.bin on PATH; children need it for tsc, pino-pretty, maildev.
export const childEnv = () => ({
  ...process.env,
  PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
});

let current = null;
let stopRequested = false;
export const stopWasRequested = () => stopRequested;

// A terminal's Ctrl-C reaches the whole process group, children included.
// This process must outlive them (to report and exit cleanly), and a signal
// sent to this process alone (kill <pid>) must still reach the child.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopRequested = true;
    if (current) current.kill(signal);
    else process.exit(130);
  });
}

/** Runs a command with inherited stdio; resolves to its exit code (a signal counts as failure). */
export function spawnInherit(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: childEnv() });
    current = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Like spawnInherit, but a non-zero exit is an error that names the command. */
export async function run(command, args) {
  const code = await spawnInherit(command, args);
  if (stopRequested) process.exit(130);
  if (code !== 0) throw new Error(`\`${[command, ...args].join(' ')}\` failed (exit ${code})`);
}

/** True when something accepts TCP connections on host:port. */
export function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host, timeout: 1000 });
    const done = (inUse) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
