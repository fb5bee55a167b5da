import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AnimalResult } from '../identifications/animal-result.schema';

/** What the fake does with the next chat completion request. */
export type FakeStep =
  | { kind: 'answer'; content: string | object; delayMs?: number }
  | { kind: 'status'; status: number; body?: object; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'hang'; delayMs: number }
  | { kind: 'reset' }
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

export interface FakeTogetherOptions {
  /** Added before every answer, to mimic a remote model (benchmarks). */
  latencyMs?: number;
}

const CHAT_PATH = '/v1/chat/completions';

// Together's error bodies, so clients parse the same shape as in production.
const ERRORS: Record<number, [message: string, type: string, code: string]> = {
  400: ['Invalid request', 'invalid_request_error', 'invalid_request'],
  401: ['Invalid API key provided', 'invalid_request_error', 'invalid_api_key'],
  402: ['Credit limit exceeded', 'billing_error', 'credit_limit_exceeded'],
  404: ['Not found', 'invalid_request_error', 'not_found'],
  429: ['Rate limit exceeded', 'rate_limit_error', 'rate_limit_exceeded'],
  500: ['Internal server error', 'server_error', 'internal_error'],
  503: ['Service unavailable', 'server_error', 'service_unavailable'],
};

export function togetherErrorBody(status: number): object {
  const [message, type, code] = ERRORS[status] ?? [`HTTP ${status}`, 'server_error', `http_${status}`];
  return { error: { message, type, code } };
}

export function validAnimalAnswer(overrides: Partial<AnimalResult> = {}): AnimalResult {
  return {
    isAnimal: true,
    commonName: 'Red fox',
    scientificName: 'Vulpes vulpes',
    confidence: 0.93,
    taxonomy: {
      kingdom: 'Animalia', phylum: 'Chordata', class: 'Mammalia', order: 'Carnivora',
      family: 'Canidae', genus: 'Vulpes', species: 'Vulpes vulpes',
    },
    alternatives: [{ commonName: 'Arctic fox', scientificName: 'Vulpes lagopus', confidence: 0.04 }],
    description: 'A small canid with a rusty-orange coat, black legs and a white-tipped bushy tail.',
    habitat: 'Forests, farmland, grassland and towns across the Northern Hemisphere.',
    diet: 'Omnivore: rodents, rabbits, birds, insects, fruit and scraps.',
    conservationStatus: 'LC',
    safety: 'Shy and not dangerous; keep distance and do not feed it, as foxes can carry rabies.',
    rationale: 'Orange coat, pointed ears with black backs and a white tail tip match the red fox.',
    ...overrides,
  };
}

export function noAnimalAnswer(): AnimalResult {
  return { isAnimal: false, rationale: 'The photo shows a parked bicycle; no animal is visible.' };
}

/** A scriptable stand-in for Together's chat completions API, reached by the real SDK over HTTP. */
export class FakeTogetherServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: FakeStep[] = [];
  private defaultStep: FakeStep = { kind: 'answer', content: validAnimalAnswer() };
  private readonly sockets = new Set<Socket>();
  private readonly events = new EventEmitter();
  private readonly latencyMs: number;
  private server?: Server;

  constructor(options: FakeTogetherOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('FakeTogetherServer is not listening');
    return address.port;
  }

  /** Resolves to the base URL to hand to the SDK (`TOGETHER_BASE_URL`). */
  async start(port = 0): Promise<string> {
    if (this.server) throw new Error('FakeTogetherServer already started');
    // A client that aborts mid-upload leaves nothing to answer.
    const server = createServer((req, res) => this.handle(req, res).catch(() => res.destroy()));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
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

  /** Queues steps; each chat completion request consumes one, in order. */
  script(...steps: FakeStep[]): void {
    this.queue.push(...steps);
  }

  /** Answers requests once the script is used up. */
  setDefault(step: FakeStep): void {
    this.defaultStep = step;
  }

  /** Clears records and script; the default step stays as set. */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
  }

  /** Resolves once `count` requests are recorded; event-driven, no polling. */
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
    this.requests.push({ at: Date.now(), method: req.method ?? 'GET', path, headers: req.headers, body });
    this.events.emit('request');
    if (req.method !== 'POST' || path !== CHAT_PATH) return sendJson(res, 404, togetherErrorBody(404));
    this.respond(this.queue.shift() ?? this.defaultStep, body, req, res);
  }

  private respond(step: FakeStep, body: any, req: IncomingMessage, res: ServerResponse): void {
    switch (step.kind) {
      case 'answer':
        return this.later(res, step.delayMs, () => sendJson(res, 200, completion(body, step.content)));
      case 'empty':
        return this.later(res, 0, () => sendJson(res, 200, completion(body, '')));
      case 'hang':
        return this.later(res, step.delayMs, () => sendJson(res, 200, completion(body, validAnimalAnswer())));
      case 'status':
        return this.later(res, step.delayMs, () =>
          sendJson(res, step.status, step.body ?? togetherErrorBody(step.status), step.headers),
        );
      case 'reset':
        // An RST rather than a clean FIN, like a proxy dropping the connection.
        req.socket.resetAndDestroy();
        return;
    }
  }

  /** Runs `send` after the step's delay plus the global latency, unless the client left first. */
  private later(res: ServerResponse, delayMs: number | undefined, send: () => void): void {
    const total = this.latencyMs + (delayMs ?? 0);
    if (total <= 0) return send();
    const timer = setTimeout(send, total);
    // Fires on client aborts and on stop() destroying sockets, so no timer outlives the server.
    res.once('close', () => clearTimeout(timer));
  }
}

function completion(request: any, content: string | object): object {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  // Rough token counts (4 characters a token) so usage-based code sees plausible numbers.
  const promptTokens = Math.ceil(JSON.stringify(request?.messages ?? '').length / 4);
  const completionTokens = Math.ceil(text.length / 4);
  return {
    id: `fake-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof request?.model === 'string' ? request.model : 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Parsed JSON, or the raw text when the body is not JSON, or undefined when empty. */
async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
