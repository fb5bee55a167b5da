import { randomBytes } from 'node:crypto';
import { type Socket, io } from 'socket.io-client';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on this machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface Accepted {
  id: string;
  accessToken: string;
  startedAt: number;
  acceptedAt: number;
}

/** One upload, from the start of the POST to the `completed` push. Times are epochMs(). */
export interface UploadRecord {
  id?: string;
  startedAt: number;
  acceptedAt?: number;
  pushedAt?: number;
  outcome: 'completed' | 'failed' | 'error';
  detail?: string;
}

interface View {
  id: string;
  status: string;
  error?: { code: string };
}

const COMPLETION_TIMEOUT_MS = 120_000;
const BOUNDARY = `----wildid-bench-${randomBytes(8).toString('hex')}`;
const PART_HEAD = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
);
const PART_TAIL = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/**
 * The multipart body a browser's FormData sends for one `image` file. Built as one
 * buffer because the driver shares the two cores with the system under test, and
 * undici's FormData encoder costs CPU per request that would be charged to both.
 */
export function multipartBody(photo: Buffer): { body: Buffer; contentType: string } {
  return { body: Buffer.concat([PART_HEAD, photo, PART_TAIL]), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

/**
 * The gateways cap subscriptions per connection (the app's SOCKET_MAX_SUBSCRIPTIONS,
 * default 100) and never leave a finished identification's room, so a client
 * reconnects (like a reloaded tab) after this many, when nothing is pending.
 */
const SUBSCRIPTIONS_PER_CONNECTION = 90;

function connectSocket(baseUrl: string): Promise<Socket> {
  const socket = io(baseUrl, { transports: ['websocket'], forceNew: true, reconnection: true, timeout: 10_000 });
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => reject(new Error(`socket.io connect to ${baseUrl} failed: ${error.message}`)));
  });
}

/** A person with a browser tab: one socket.io connection, reused for the uploads it follows. */
export class BenchClient {
  private readonly waiting = new Map<string, (view: View) => void>();
  private subscriptions = 0;
  private rotation?: Promise<void>;

  private constructor(
    private readonly baseUrl: string,
    private socket: Socket,
  ) {
    this.listen(socket);
  }

  static async connect(baseUrl: string): Promise<BenchClient> {
    return new BenchClient(baseUrl, await connectSocket(baseUrl));
  }

  private listen(socket: Socket): void {
    socket.on('identification', (view: View) => {
      if (view.status !== 'completed' && view.status !== 'failed') return;
      const resolve = this.waiting.get(view.id);
      this.waiting.delete(view.id);
      resolve?.(view);
    });
  }

  private freshSocketIfFull(): Promise<void> {
    if (this.rotation || this.subscriptions < SUBSCRIPTIONS_PER_CONNECTION || this.waiting.size > 0) return this.rotation ?? Promise.resolve();
    const old = this.socket;
    this.rotation = connectSocket(this.baseUrl)
      .then((socket) => {
        this.socket = socket;
        this.listen(socket);
        this.subscriptions = 0;
        old.close();
      })
      .finally(() => (this.rotation = undefined));
    return this.rotation;
  }

  /** POSTs the photo; resolves at the 202. */
  async upload(photo: Buffer): Promise<Accepted> {
    const { body, contentType } = multipartBody(photo);
    const startedAt = epochMs();
    const response = await fetch(`${this.baseUrl}/api/identifications`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType },
    });
    const text = await response.text();
    if (response.status !== 202) throw new UploadError(startedAt, `HTTP ${response.status}: ${text.slice(0, 200)}`);
    const created = JSON.parse(text) as { id: string; accessToken: string };
    return { id: created.id, accessToken: created.accessToken, startedAt, acceptedAt: epochMs() };
  }

  /** Subscribes and resolves when the identification is completed or failed. */
  async follow(accepted: Accepted): Promise<UploadRecord> {
    const base = { id: accepted.id, startedAt: accepted.startedAt, acceptedAt: accepted.acceptedAt };
    await this.freshSocketIfFull();
    this.subscriptions++;
    const finished = new Promise<View>((resolve) => this.waiting.set(accepted.id, resolve));
    const ack = (await this.socket
      .timeout(30_000)
      .emitWithAck('subscribe', { id: accepted.id, accessToken: accepted.accessToken })
      .catch((error: Error) => ({ ok: false, error: error.message }))) as { ok: boolean; error?: string };
    if (!ack.ok) {
      this.waiting.delete(accepted.id);
      return { ...base, outcome: 'error', detail: `subscribe: ${ack.error}` };
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), COMPLETION_TIMEOUT_MS)));
    const view = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (!view) {
      this.waiting.delete(accepted.id);
      return { ...base, outcome: 'error', detail: 'no completed event in time' };
    }
    const pushedAt = epochMs();
    return view.status === 'completed'
      ? { ...base, pushedAt, outcome: 'completed' }
      : { ...base, pushedAt, outcome: 'failed', detail: view.error?.code };
  }

  /** Upload, subscribe, wait: one identification as a person experiences it. */
  async identify(photo: Buffer): Promise<UploadRecord> {
    try {
      return await this.follow(await this.upload(photo));
    } catch (error) {
      return errorRecord(error);
    }
  }

  close(): void {
    this.socket.close();
  }
}

export class UploadError extends Error {
  constructor(
    readonly startedAt: number,
    message: string,
  ) {
    super(message);
  }
}

export function errorRecord(error: unknown): UploadRecord {
  const startedAt = error instanceof UploadError ? error.startedAt : epochMs();
  return { startedAt, outcome: 'error', detail: error instanceof Error ? error.message : String(error) };
}

export async function connectClients(baseUrl: string, count: number): Promise<BenchClient[]> {
  return Promise.all(Array.from({ length: count }, () => BenchClient.connect(baseUrl)));
}
