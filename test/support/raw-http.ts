import { type Socket, connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * An HTTP/1.1 request written by hand on a TCP socket, so a test controls exactly which
 * bytes are sent and when: headers without a body, a body that never ends, a stall.
 */
export class RawHttpRequest {
  /** Body bytes the socket accepted (written without error) so far. */
  bodyBytesWritten = 0;
  /** Body bytes written when the answer's status line arrived; undefined before. */
  bodyBytesBeforeAnswer: number | undefined;
  readonly answer: Promise<RawAnswer>;
  /** Resolves when the connection is closed, by either side. */
  readonly closed: Promise<void>;
  private readonly socket: Socket;
  private received = '';

  constructor(baseUrl: string, head: string) {
    const { hostname, port } = new URL(baseUrl);
    this.socket = connect(Number(port), hostname);
    this.socket.on('error', () => undefined); // writing into a closed connection is expected here
    this.socket.write(head);
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
    this.answer = new Promise((resolve, reject) => {
      this.socket.on('data', (chunk: Buffer) => {
        this.received += chunk.toString('latin1');
        this.bodyBytesBeforeAnswer ??= this.bodyBytesWritten;
        const parsed = parseAnswer(this.received);
        if (parsed) resolve(parsed);
      });
      this.socket.once('close', () => reject(new Error(`connection closed without a whole answer: ${JSON.stringify(this.received.slice(0, 300))}`)));
    });
    this.answer.catch(() => undefined); // awaited by the tests that expect one
  }

  /** `POST path` with the given headers; Content-Length or chunked is the caller's choice. */
  static post(baseUrl: string, path: string, headers: Record<string, string | number>): RawHttpRequest {
    const lines = [`POST ${path} HTTP/1.1`, `Host: ${new URL(baseUrl).host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
    return new RawHttpRequest(baseUrl, `${lines.join('\r\n')}\r\n\r\n`);
  }

  /** Writes `bytes` and waits until the socket took them (or the connection is gone: false). */
  write(bytes: Buffer | string): Promise<boolean> {
    if (this.socket.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.socket.write(bytes, (error) => {
        if (!error) this.bodyBytesWritten += Buffer.byteLength(bytes);
        resolve(!error);
      });
    });
  }

  /**
   * Keeps writing `chunk` until the connection closes, `maxBytes` are written, or a write is not
   * taken within `stallMs` (the peer stopped reading). Returns the body bytes written in all.
   */
  async keepSending(chunk: Buffer, maxBytes: number, stallMs = 2_000): Promise<number> {
    while (this.bodyBytesWritten < maxBytes) {
      const taken = await Promise.race([this.write(chunk), new Promise<false>((resolve) => setTimeout(() => resolve(false), stallMs))]);
      if (!taken) break;
    }
    return this.bodyBytesWritten;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

function parseAnswer(text: string): RawAnswer | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...headerLines] = text.slice(0, headEnd).split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  const length = Number(headers['content-length'] ?? 0);
  const body = text.slice(headEnd + 4);
  if (Buffer.byteLength(body, 'latin1') < length) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.slice(0, length) };
}
