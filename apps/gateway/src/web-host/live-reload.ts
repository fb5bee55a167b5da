import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';

/** Where a page built by `build-web.mjs --watch` listens for rebuilds. Development only. */
export const LIVE_RELOAD_PATH = '/__dev/web-build';

const CHECK_EVERY_MS = 300;

/**
 * Server-sent events carrying the build's id (index.html's mtime). A page
 * reloads when the id differs from the one it first saw, so a gateway restart
 * (the stream reconnects) without a new web build reloads nothing.
 */
export class LiveReload {
  private readonly clients = new Set<Response>();
  private timer?: NodeJS.Timeout;
  private lastId = '';

  constructor(private readonly webRoot: string) {}

  readonly handle = (request: Request, response: Response): void => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    response.write(`data: ${this.buildId()}\n\n`);
    this.clients.add(response);
    request.on('close', () => this.clients.delete(response));
    if (this.timer) return;
    this.lastId = this.buildId();
    // Polling a stat survives the build replacing the file, which an fs.watch handle would not.
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS).unref();
  };

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private check(): void {
    const id = this.buildId();
    // No index.html (the watcher clears dist/web when it starts): reloading now would show a 404.
    if (id === this.lastId || id === 'none') return;
    this.lastId = id;
    for (const client of this.clients) client.write(`data: ${id}\n\n`);
  }

  private buildId(): string {
    try {
      return String(statSync(join(this.webRoot, 'index.html')).mtimeMs);
    } catch {
      return 'none';
    }
  }
}
