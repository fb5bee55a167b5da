/**
 * Test stand-in for Swarm's routing mesh, which needs IPVS (this machine's
 * kernel has none): a container on the stack's network that spreads TCP
 * connections over the tasks DNS lists for a service, round robin, e.g.
 *   node tcp-balancer.mjs tasks.wildid_gateway 3000 8080
 * Every connection resolves afresh, so scaled or replaced tasks are seen at
 * once; a task that refuses (stopping) is skipped for the next. Plain
 * JavaScript: the app image runs it without a build.
 */
import { resolve4 } from 'node:dns/promises';
import { connect, createServer } from 'node:net';

const [host, targetPort, listenPort = '8080'] = process.argv.slice(2);
if (!host || !targetPort) {
  console.error('usage: node tcp-balancer.mjs HOST TARGET_PORT [LISTEN_PORT]');
  process.exit(2);
}
// Long enough to ride out an update's moment with no listed task.
const GIVE_UP_MS = 15_000;
let turn = 0;

const addresses = () => resolve4(host).catch(() => []);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A connected socket to some task, trying each listed one in turn. */
async function dial() {
  const deadline = Date.now() + GIVE_UP_MS;
  while (Date.now() < deadline) {
    const listed = await addresses();
    for (let i = 0; i < listed.length; i++) {
      const address = listed[(turn + i) % listed.length];
      const socket = await new Promise((resolve) => {
        const attempt = connect(Number(targetPort), address);
        attempt.once('connect', () => resolve(attempt));
        attempt.once('error', () => resolve(undefined));
      });
      if (socket) {
        turn = (turn + i + 1) % Math.max(listed.length, 1);
        return socket;
      }
    }
    await pause(200);
  }
  return undefined;
}

const server = createServer((client) => {
  client.pause();
  client.on('error', () => client.destroy());
  void dial().then((upstream) => {
    if (!upstream || client.destroyed) return void (upstream?.destroy(), client.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
});
server.listen(Number(listenPort), '0.0.0.0', () => console.log(`balancing :${listenPort} over ${host}:${targetPort}`));
process.once('SIGTERM', () => process.exit(0));
