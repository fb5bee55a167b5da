#!/usr/bin/env node
// `npm run dev`: from a fresh clone to the gateway and both workers running
// in watch mode against local PostgreSQL and Redis. Every step is safe to
// repeat, so the same command also restarts a stopped session.
import { copyFileSync, existsSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planMailCatcher } from './dev/mail.mjs';
import { ROOT, portInUse, run, spawnInherit, stopWasRequested } from './dev/process.mjs';

const APPS = ['gateway', 'identifier-worker', 'mailer-worker'];
const STAMP = 'dist/.dev-build-stamp';
// No --colorize: concurrently sets FORCE_COLOR when the terminal has colors,
// so logs stay plain when redirected to a file. The prefix already names the app.
const PRETTY = `pino-pretty --translateTime SYS:HH:MM:ss --ignore pid,hostname,name,context --messageFormat '{if context}[{context}] {end}{msg}'`;

process.chdir(ROOT);

function fail(message) {
  console.error(`\n${message}\n`);
  process.exit(1);
}

// Dependencies. A lock newer than node_modules means a pull changed them.
async function installDependencies() {
  const modules = path.join(ROOT, 'node_modules');
  if (existsSync(modules) && statSync(modules).mtimeMs >= statSync('package-lock.json').mtimeMs) return;
  console.log('› Installing dependencies (node_modules is missing or older than package-lock.json)');
  await run('npm', ['install']); // its postinstall runs `prisma generate`
  // A no-op install may leave the directory's mtime alone; mark it current.
  const now = new Date();
  utimesSync(modules, now, now);
}

// Environment. Variables already set in the shell win over .env.
function loadEnv() {
  if (!existsSync('.env')) {
    copyFileSync('.env.example', '.env');
    console.log('› Created .env from .env.example (set TOGETHER_API_KEY there to identify real photos)');
  }
  process.loadEnvFile('.env'); // Node >= 20.12; like --env-file, it never overrides set variables
  process.env.REDIS_URL ||= 'redis://127.0.0.1:6379';
  if (!process.env.DATABASE_URL) fail('DATABASE_URL is empty: set it in .env (see .env.example).');
}

// Services, database, migrations.
async function prepareDatabase() {
  // Loaded only now: pg and ioredis may have been installed a moment ago.
  const { checkServices, createDatabase, pendingMigrations } = await import('./dev/services.mjs');
  const { failures, databaseExists } = await checkServices({
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
  });
  if (failures.length > 0) fail(failures.join('\n\n'));
  if (!databaseExists) console.log(`› Created database "${await createDatabase(process.env.DATABASE_URL)}"`);
  // A pull may have brought new migrations; deploy is slow, so only when needed.
  const pending = await pendingMigrations(process.env.DATABASE_URL, 'prisma/migrations');
  if (pending.length === 0) return console.log('› Database schema is up to date');
  console.log(`› Applying ${pending.length} migration(s)`);
  await run('npx', ['prisma', 'migrate', 'deploy']);
}

// Watchers. watch-build.mjs recompiles and touches STAMP once dist/ is
// complete; each app restarts on that touch (see watch-build.mjs for why not
// on the emitted files). A crashing app does not exit (node waits for the
// next build), so any command that does exit is broken: --kill-others then
// stops the rest instead of leaving a half-running stack.
function watchCommands(mail) {
  const commands = [
    ['build', 'blue', `node scripts/dev/watch-build.mjs ${STAMP}`],
    // The gateway serves dist/web from disk, so a web rebuild needs no restart; open pages reload themselves.
    ['web', 'white', 'node scripts/build-web.mjs --watch'],
    ...APPS.map((app, i) => [
      app,
      ['green', 'cyan', 'yellow'][i],
      `node --enable-source-maps --watch-path=${STAMP} --env-file-if-exists=.env dist/apps/${app}/src/main.js | ${PRETTY}`,
    ]),
  ];
  if (mail.command) commands.push(['mail', 'magenta', mail.command]);
  return [
    '--names', commands.map(([name]) => name).join(','),
    '--prefix-colors', commands.map(([, color]) => color).join(','),
    '--pad-prefix',
    '--kill-others',
    ...commands.map(([, , command]) => command),
  ];
}

// The banner waits for the watcher's first pass (which restarts the apps
// once) and then for the gateway, so it is the last thing on screen at startup.
async function printBannerWhenUp(port, inbox) {
  const startedAt = Date.now();
  let up = false;
  for (let tries = 0; tries < 240 && !up && !stopWasRequested(); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (statSync(STAMP).mtimeMs < startedAt) continue;
    up = await fetch(`http://127.0.0.1:${port}/health`).then(() => true, () => false);
  }
  if (stopWasRequested()) return;
  const lines = [
    up ? 'WildID dev is running (Ctrl-C stops everything)' : 'The gateway did not answer within 2 minutes: see its log above',
    `  web app:  http://localhost:${port}`,
    `  mail:     ${inbox}`,
    `  upload:   curl -F image=@photo.jpg http://localhost:${port}/api/identifications`,
  ];
  if (!process.env.TOGETHER_API_KEY) {
    lines.push('  note:     TOGETHER_API_KEY is empty, so identifications fail; see .env.example');
  }
  const rule = '─'.repeat(78);
  console.log(`\n${rule}\n${lines.join('\n')}\n${rule}\n`);
}

async function main() {
  await installDependencies();
  loadEnv();
  await prepareDatabase();

  const port = Number(process.env.PORT || 3000);
  if (await portInUse(port)) fail(`Port ${port} is already in use (another \`npm run dev\`?). Stop it or set PORT in .env.`);
  const mail = await planMailCatcher(process.env);

  console.log('› Building');
  await run('npm', ['run', 'build', '--silent']);
  writeFileSync(STAMP, ''); // must exist before `node --watch-path` starts

  const watching = spawnInherit(path.join(ROOT, 'node_modules', '.bin', 'concurrently'), watchCommands(mail));
  void printBannerWhenUp(port, mail.inbox);
  const code = await watching;
  // Ctrl-C is the normal way to end a dev session, not a failure.
  process.exit(stopWasRequested() ? 0 : code);
}

main().catch((error) => fail(`npm run dev failed: ${error.message}`));
