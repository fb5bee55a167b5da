import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The repository root and the build the bench runs. The bench never compiles app
 * sources (it has its own tsconfig); what it reuses from the app — the processes,
 * the fake model, the normalizer, the result schema — it loads from a build output.
 *
 * Other people build in the same tree while the suite runs, so the suite first
 * copies dist/ to a private directory (snapshotDist) and runs everything from there:
 * a rebuild half-way through cannot swap the code under a scenario.
 */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
let distRoot = resolve(REPO_ROOT, 'dist');

export function distPath(relative: string): string {
  return resolve(distRoot, relative);
}

/** `require` of a built module, typed by the caller. */
export function loadDist<T>(relative: string): T {
  const path = distPath(relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first (\`npm run bench\` does).`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as T;
}

export const appEntry = {
  gateway: () => distPath('apps/gateway/src/main.js'),
  identifierWorker: () => distPath('apps/identifier-worker/src/main.js'),
};

export const benchEntry = {
  fakeModel: () => distPath('bench/support/fake-model.main.js'),
  floorServer: () => distPath('bench/floor/server.main.js'),
  floorWorker: () => distPath('bench/floor/worker.main.js'),
  exitOnSigusr2: () => distPath('bench/support/exit-on-sigusr2.js'),
};

/** Entry points whose compiled imports must be relative (tsc-alias done), or the build was caught half-way. */
const ALIAS_CHECKED = ['apps/gateway/src/main.js', 'apps/identifier-worker/src/main.js'];

/**
 * Copies dist/ to a temporary directory (with a node_modules link, so packages
 * resolve as from the repository) and points every later distPath() there.
 * Returns a function that deletes the copy.
 */
export function snapshotDist(): () => void {
  const source = resolve(REPO_ROOT, 'dist');
  for (const entry of ALIAS_CHECKED) {
    const file = join(source, entry);
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (\`npm run bench\` does).`);
    if (readFileSync(file, 'utf8').includes('"@wildid/common"')) {
      throw new Error(`${file} still imports "@wildid/common": dist/ is being rebuilt by someone else right now; run the bench again.`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'wildid-bench-'));
  cpSync(source, join(dir, 'dist'), { recursive: true });
  symlinkSync(resolve(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  distRoot = join(dir, 'dist');
  return () => rmSync(dir, { recursive: true, force: true });
}
