/**
 * The fake Together server of the tests (libs/common/src/testing, loaded from dist/),
 * run as its own process for the bench, plus a small control API on another port:
 *   POST /latency?ms=N   every answer from now on takes N ms
 *   GET  /stats          { requests, imageBase64Chars[] } since the last reset
 *   POST /stats/reset
 * It prints one JSON line { modelUrl, controlUrl } once both listen.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadDist } from './app-dist';

interface RecordedRequest {
  path: string;
  body: unknown;
}

interface FakeModule {
  FakeTogetherServer: new () => {
    readonly requests: RecordedRequest[];
    start(port?: number): Promise<string>;
    stop(): Promise<void>;
    setDefault(step: { kind: 'answer'; content: object; delayMs?: number }): void;
  };
  validAnimalAnswer(): object;
}

const { FakeTogetherServer, validAnimalAnswer } = loadDist<FakeModule>('libs/common/src/testing/fake-together-server.js');
const fake = new FakeTogetherServer();
const stats = { requests: 0, imageBase64Chars: [] as number[] };

/** Moves recorded requests into counters, so their bodies (with the image) are not kept. */
function drain(): void {
  const taken = fake.requests.splice(0);
  for (const request of taken) {
    if (request.path !== '/v1/chat/completions') continue;
    stats.requests++;
    stats.imageBase64Chars.push(imageChars(request.body));
  }
}

/** Length of the base64 payload of the first image data URI in the chat request. */
function imageChars(body: unknown): number {
  const messages = (body as { messages?: Array<{ content?: unknown }> } | undefined)?.messages ?? [];
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content as Array<{ type?: string; image_url?: { url?: string } }>) {
      const url = part.type === 'image_url' ? part.image_url?.url : undefined;
      if (url) return url.length - (url.indexOf(',') + 1);
    }
  }
  return 0;
}

function control(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://control');
  drain();
  if (req.method === 'POST' && url.pathname === '/latency') {
    fake.setDefault({ kind: 'answer', content: validAnimalAnswer(), delayMs: Number(url.searchParams.get('ms') ?? 0) });
  } else if (req.method === 'POST' && url.pathname === '/stats/reset') {
    stats.requests = 0;
    stats.imageBase64Chars = [];
  } else if (!(req.method === 'GET' && url.pathname === '/stats')) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
}

async function main(): Promise<void> {
  const modelUrl = await fake.start(0);
  const server = createServer(control);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setInterval(drain, 200).unref();
  process.stdout.write(`${JSON.stringify({ modelUrl, controlUrl })}\n`);
  process.once('SIGTERM', () => void fake.stop().then(() => process.exit(0)));
}

void main();
