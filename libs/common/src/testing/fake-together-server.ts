import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { validAnimalAnswer } from './fake-answers';
import {
  type FakeErrorClass,
  SERVED_VISION_MODELS,
  completionBody,
  errorClassBody,
  errorStatusOf,
  hasImage,
  limitToMaxTokens,
  modelOf,
  rateLimitHeaders,
  streamChunks,
  togetherErrorBody,
} from './fake-together-responses';
import { readBody, sendJson, writeChunks } from './fake-http';

export { noAnimalAnswer, validAnimalAnswer } from './fake-answers';
export { type FakeErrorClass, SERVED_VISION_MODELS, togetherErrorBody } from './fake-together-responses';

/** What the fake does with the next identification request (one with a photo). */
export type FakeStep =
  | {
      kind: 'answer';
      content: string | object;
      delayMs?: number;
      /** `stop` by default; `eos` as some models send; `length` for an answer cut short. */
      finishReason?: 'stop' | 'eos' | 'length';
      /** Between streamed chunks, so a client sees the answer arrive in pieces. */
      chunkDelayMs?: number;
      /** One JSON body even when the client asked to stream (a provider that does not stream). */
      whole?: boolean;
    }
  | { kind: 'error'; error: FakeErrorClass; resetSeconds?: number; delayMs?: number }
  | { kind: 'status'; status: number; body?: object; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'hang'; delayMs: number }
  | { kind: 'reset' }
  /** A stream that stops after `afterChars` characters of the answer, the connection dropped. */
  | { kind: 'break'; afterChars: number }
  | { kind: 'empty' };

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  // `any` on purpose: specs dig into whatever the client sent without casts.
  // Parsed JSON, or the raw text when the body was not JSON.
  body: any;
}

/** The control endpoint's body: change the fake while the stack runs (`POST /_fake/control`). */
export interface FakeControl {
  script?: FakeStep[];
  default?: FakeStep;
  served?: string[];
  reset?: boolean;
}

export interface FakeTogetherOptions {
  /** Added before every answer, to mimic a remote model (benchmarks). */
  latencyMs?: number;
}

const CHAT_PATH = '/v1/chat/completions';
export const CONTROL_PATH = '/_fake/control';

/**
 * A stand-in for Together's chat completions API, reached by the real SDK over
 * HTTP: its catalog (other models answer `400 model_not_available`), error
 * bodies and headers, streamed answers. Scripted steps are taken by requests
 * with a photo; probes (no photo) and requests past the script get the default.
 */
export class FakeTogetherServer {
  /** Identification requests (with a photo), including those refused for an unserved model. */
  readonly requests: RecordedRequest[] = [];
  /** Chat requests without a photo: the workers' availability probes. */
  readonly probes: RecordedRequest[] = [];
  private readonly queue: FakeStep[] = [];
  private defaultStep: FakeStep = { kind: 'answer', content: validAnimalAnswer() };
  private served = new Set<string>(SERVED_VISION_MODELS);
  private readonly sockets = new Set<Socket>();
  private readonly events = new EventEmitter();
  private readonly latencyMs: number;
  /** Answers kept back by hold(), sent by release(). */
  private held: (() => void)[] | null = null;
  private server?: Server;

  constructor(options: FakeTogetherOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('FakeTogetherServer is not listening');
    return address.port;
  }

  /** Resolves to the base URL to hand to the SDK (`TOGETHER_BASE_URL`). `host` 0.0.0.0: reachable from other containers. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server) throw new Error('FakeTogetherServer already started');
    // A client that aborts mid-upload leaves nothing to answer.
    const server = createServer((req, res) => this.handle(req, res).catch(() => res.destroy()));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Never waits on hung or kept-alive connections: they are destroyed. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /** Queues steps; each identification request consumes one, in order. */
  script(...steps: FakeStep[]): void {
    this.queue.push(...steps);
  }

  /** The provider's standing behaviour: answers probes, and requests once the script is used up. */
  setDefault(step: FakeStep): void {
    this.defaultStep = step;
  }

  /** The models served; any other answers `400 model_not_available`. */
  serve(models: readonly string[]): void {
    this.served = new Set(models);
  }

  /** Clears records and script; the default step and the catalog stay as set. */
  reset(): void {
    this.requests.length = 0;
    this.probes.length = 0;
    this.queue.length = 0;
  }

  /** Keeps every answer back (requests are still recorded) until release(): a test can act while calls are in flight. */
  hold(): void {
    this.held ??= [];
  }

  /** Sends the answers kept back, and answers at once again. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const send of held) send();
  }

  /** Applies a control request (the same as the methods above), e.g. from a test driving `npm run fake:together`. */
  control(change: FakeControl): void {
    if (change.reset) this.reset();
    if (change.served) this.serve(change.served);
    if (change.default) this.setDefault(change.default);
    if (change.script) this.script(...change.script);
  }

  /** Resolves once `count` identification requests are recorded; event-driven, no polling. */
  async waitForRequests(count: number, timeoutMs = 5_000): Promise<RecordedRequest[]> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      while (this.requests.length < count) await once(this.events, 'request', { signal });
    } catch {
      throw new Error(`Expected ${count} requests to the fake, got ${this.requests.length} in ${timeoutMs} ms`);
    }
    return this.requests.slice();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'POST' && path === CONTROL_PATH) {
      this.control((body ?? {}) as FakeControl);
      res.writeHead(204).end();
      return;
    }
    const record = { at: Date.now(), method: req.method ?? 'GET', path, headers: req.headers, body };
    const photo = hasImage(body);
    (photo ? this.requests : this.probes).push(record);
    this.events.emit('request');
    if (req.method !== 'POST' || path !== CHAT_PATH) return sendJson(res, 404, { id: 'none', error: { message: 'Not Found', type: 'invalid_request_error', param: null, code: null } });
    if (!this.served.has(modelOf(body))) return this.respond({ kind: 'error', error: 'model_not_available' }, body, req, res);
    this.respond((photo && this.queue.shift()) || this.defaultStep, body, req, res);
  }

  private respond(step: FakeStep, body: any, req: IncomingMessage, res: ServerResponse): void {
    switch (step.kind) {
      case 'answer':
        return this.later(res, step.delayMs, () => this.answer(res, body, step));
      case 'empty':
        return this.later(res, 0, () => this.answer(res, body, { kind: 'answer', content: '' }));
      case 'hang':
        return this.later(res, step.delayMs, () => this.answer(res, body, { kind: 'answer', content: validAnimalAnswer() }));
      case 'error': {
        const status = errorStatusOf(step.error);
        const headers = rateLimitHeaders(status === 429, step.resetSeconds);
        return this.later(res, step.delayMs, () => sendJson(res, status, errorClassBody(step.error, modelOf(body)), headers));
      }
      case 'status':
        return this.later(res, step.delayMs, () =>
          sendJson(res, step.status, step.body ?? togetherErrorBody(step.status, modelOf(body)), { ...rateLimitHeaders(step.status === 429), ...step.headers }),
        );
      case 'break':
        return this.later(res, 0, () => this.breakStream(req, res, body, step.afterChars));
      case 'reset':
        // An RST rather than a clean FIN, like a proxy dropping the connection.
        req.socket.resetAndDestroy();
        return;
    }
  }

  private answer(res: ServerResponse, body: any, step: Extract<FakeStep, { kind: 'answer' }>): void {
    const content = typeof step.content === 'string' ? step.content : JSON.stringify(step.content);
    const { text, finishReason } = limitToMaxTokens(content, body, step.finishReason ?? 'stop');
    if (body?.stream !== true || step.whole) return sendJson(res, 200, completionBody(body, text, finishReason), rateLimitHeaders());
    res.writeHead(200, { ...rateLimitHeaders(), 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    void writeChunks(res, streamChunks(body, text, finishReason), step.chunkDelayMs ?? 0).then(() => res.end('data: [DONE]\n\n'));
  }

  private breakStream(req: IncomingMessage, res: ServerResponse, body: any, afterChars: number): void {
    const text = JSON.stringify(validAnimalAnswer()).slice(0, afterChars);
    res.writeHead(200, { ...rateLimitHeaders(), 'content-type': 'text/event-stream' });
    // Every chunk but the last (finish_reason and usage): the answer stops mid-way.
    void writeChunks(res, streamChunks(body, text, 'stop').slice(0, -1), 0).then(() => setTimeout(() => req.socket.resetAndDestroy(), 20));
  }

  /** Runs `send` after the step's delay plus the global latency (and while held, after release), unless the client left first. */
  private later(res: ServerResponse, delayMs: number | undefined, answer: () => void): void {
    const send = () => {
      if (res.destroyed) return;
      if (this.held) this.held.push(send);
      else answer();
    };
    const total = this.latencyMs + (delayMs ?? 0);
    if (total <= 0) return send();
    const timer = setTimeout(send, total);
    // Fires on client aborts and on stop() destroying sockets, so no timer outlives the server.
    res.once('close', () => clearTimeout(timer));
  }
}
