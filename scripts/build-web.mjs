#!/usr/bin/env node
// Builds the browser app (apps/web/src) into dist/web with esbuild:
// content-hashed files under dist/web/assets (cached for good by the gateway)
// and an index.html that names them (revalidated on every visit).
//   node scripts/build-web.mjs           one minified build (npm run build)
//   node scripts/build-web.mjs --watch   rebuild on every change (npm run dev);
//                                        open pages reload themselves
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, watch as watchPath, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(ROOT, 'apps/web/src');
const OUT = path.join(ROOT, 'dist/web');
const ASSETS = path.join(OUT, 'assets');
const watching = process.argv.includes('--watch');
// Entry point (relative to SOURCE) → the {{placeholder}} index.html uses for its built file.
const PLACEHOLDERS = { 'main.ts': 'app.js', 'styles/app.css': 'styles.css' };

/** @type {esbuild.BuildOptions} */
const options = {
  entryPoints: { app: path.join(SOURCE, 'main.ts'), styles: path.join(SOURCE, 'styles/app.css') },
  outdir: OUT,
  entryNames: 'assets/[name]-[hash]',
  assetNames: 'assets/[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  // Browsers of the last few years, phones included (CSS mask and :has() get prefixes/fallbacks where needed).
  target: ['chrome109', 'edge109', 'firefox115', 'safari15.6'],
  loader: { '.svg': 'file' },
  minify: !watching,
  sourcemap: 'linked',
  metafile: true,
  define: { WILDID_LIVE_RELOAD: String(watching) },
  logLevel: 'warning',
  plugins: [{ name: 'wildid-index-html', setup: (build) => build.onEnd(writeIndexHtml) }],
};

/** After each successful build: index.html with the hashed names, and stale assets removed. */
function writeIndexHtml(result) {
  if (result.errors.length > 0 || !result.metafile) return;
  const names = { 'favicon.svg': copyHashed(path.join(SOURCE, 'icons/favicon.svg')) };
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    const placeholder = meta.entryPoint && PLACEHOLDERS[path.relative(SOURCE, path.resolve(ROOT, meta.entryPoint)).split(path.sep).join('/')];
    if (placeholder) names[placeholder] = path.relative(OUT, path.resolve(ROOT, output)).split(path.sep).join('/');
  }
  const html = readFileSync(path.join(SOURCE, 'index.html'), 'utf8').replace(/\{\{([\w.]+)\}\}/g, (placeholder, name) => {
    if (!names[name]) throw new Error(`index.html names ${placeholder}, which the build did not produce`);
    return names[name];
  });
  // Written aside then renamed: the gateway never serves half a file, and live reload sees one change.
  writeFileSync(path.join(OUT, 'index.html.tmp'), html);
  renameSync(path.join(OUT, 'index.html.tmp'), path.join(OUT, 'index.html'));
  removeStaleAssets(result.metafile, names['favicon.svg']);
  if (watching) console.log(`web app built (${new Date().toLocaleTimeString()})`);
}

function copyHashed(file) {
  const bytes = readFileSync(file);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8).toUpperCase();
  const name = `assets/${path.basename(file, '.svg')}-${hash}.svg`;
  mkdirSync(ASSETS, { recursive: true });
  writeFileSync(path.join(OUT, name), bytes);
  return name;
}

// In watch mode every rebuild has new hashes; the old files would pile up.
function removeStaleAssets(metafile, favicon) {
  const current = new Set([...Object.keys(metafile.outputs).map((output) => path.resolve(ROOT, output)), path.join(OUT, favicon)]);
  for (const file of readdirSync(ASSETS)) {
    if (!current.has(path.join(ASSETS, file))) rmSync(path.join(ASSETS, file));
  }
}

rmSync(OUT, { recursive: true, force: true });
if (watching) {
  const context = await esbuild.context(options);
  await context.watch();
  // index.html is read by the plugin, not imported, so esbuild does not watch it.
  watchPath(path.join(SOURCE, 'index.html'), () => context.rebuild().catch(() => {}));
  console.log('watching apps/web/src for changes');
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => context.dispose().then(() => process.exit(0)));
} else {
  const result = await esbuild.build(options);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  if (result.errors.length === 0) console.log(`web app built into dist/web (${Math.round(bytes / 1024)} KiB with source maps)`);
}
