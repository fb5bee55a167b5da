/**
 * The floor gateway: the app's public contract with the bare libraries only —
 * node:http + busboy, sharp, pg, BullMQ, socket.io with the Redis adapter.
 * Env: PORT, DATABASE_URL, REDIS_URL, FLOOR_MODEL, FLOOR_REUSE_RESULTS (default true),
 * DATABASE_POOL_SIZE (10), UPLOAD_MAX_BYTES (10 MiB).
 */
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { Server } from 'socket.io';
import { envNumber, FLOOR_QUEUE, requiredEnv } from './schema';
import { handleSubscribe } from './subscribe';
import { handleUpload } from './upload';

const redisUrl = requiredEnv('REDIS_URL');
const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: envNumber('DATABASE_POOL_SIZE', 10) });
const queue = new Queue(FLOOR_QUEUE, { connection: new Redis(redisUrl, { maxRetriesPerRequest: 1 }) });
const deps = {
  pool,
  queue,
  model: requiredEnv('FLOOR_MODEL'),
  reuseResults: process.env.FLOOR_REUSE_RESULTS !== 'false',
  maxBytes: envNumber('UPLOAD_MAX_BYTES', 10 * 1024 * 1024),
};

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'POST' && path === '/api/identifications') return void handleUpload(deps, req, res);
  if (req.method === 'GET' && path === '/health') return void res.writeHead(200).end('ok');
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"statusCode":404}');
});

const pub = new Redis(redisUrl);
const io = new Server(server, { serveClient: false, maxHttpBufferSize: 16 * 1024, adapter: createAdapter(pub, pub.duplicate()) });
io.on('connection', (socket) => {
  socket.on('subscribe', (body: unknown, ack: unknown) => void handleSubscribe(pool, socket, body, ack));
});

server.listen(envNumber('PORT', 3100), '127.0.0.1', () => process.stdout.write('floor gateway listening\n'));

process.once('SIGTERM', () => {
  io.close();
  void Promise.allSettled([queue.close(), pool.end()]).then(() => process.exit(0));
});
