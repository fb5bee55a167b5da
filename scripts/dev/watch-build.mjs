// Incremental build for `npm run dev`: `tsc --watch`, then one full
// `tsc-alias` pass after every compilation, then a touch of the stamp file
// named by the first argument. The apps run `node --watch-path=<stamp>`, so
// they restart only once dist/ is whole.
//   usage: node scripts/dev/watch-build.mjs <stamp-file>
//
// Why not `tsc-alias --watch` next to `tsc --watch`: its file watcher races
// tsc's writes and can miss files (justkey007/tsc-alias#161; seen here too:
// after startup two files kept `require('@wildid/common')` and the gateway
// crashed until the next edit). And `node --watch` on the emitted files
// restarts between tsc's emit and the alias rewrite, crashing on the same
// unresolved imports.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import readline from 'node:readline';

const stamp = process.argv[2];

// `tsc --watch` prints this after each compilation, errors or not (it still emits).
const COMPILATION_DONE = /Found \d+ errors?\. Watching for file changes\./;

// tsc colors only a terminal; concurrently sets FORCE_COLOR when its own is one.
const pretty = Boolean(process.env.FORCE_COLOR) && process.env.FORCE_COLOR !== '0';
const tsc = spawn('tsc', ['-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput', '--pretty', String(pretty)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
readline.createInterface({ input: tsc.stdout }).on('line', (line) => {
  console.log(line);
  if (!COMPILATION_DONE.test(line)) return;
  const alias = spawnSync('tsc-alias', ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (alias.status !== 0) return console.log('tsc-alias failed; apps keep running the previous build');
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
});
tsc.on('exit', (code) => process.exit(code ?? 1));
// Never leave tsc watching after this process is gone.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => tsc.kill(signal));

