import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveReload } from './live-reload';

function makeClient() {
  const request = new EventEmitter();
  const response = { writeHead: vi.fn(), write: vi.fn(), end: vi.fn() };
  const ids = () => response.write.mock.calls.map(([chunk]) => /^data: (.+)\n\n$/.exec(String(chunk))?.[1]);
  return { request: request as unknown as Request, response: response as unknown as Response, mock: response, ids };
}

describe(LiveReload.name, () => {
  let webRoot: string;
  let sut: LiveReload;

  beforeEach(() => {
    webRoot = mkdtempSync(join(tmpdir(), 'wildid-web-'));
    writeFileSync(join(webRoot, 'index.html'), 'v1');
    utimesSync(join(webRoot, 'index.html'), new Date(1_000_000), new Date(1_000_000));
    sut = new LiveReload(webRoot);
  });

  afterEach(() => {
    sut.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  describe('handle', () => {
    it('opens an event stream that starts with the current build id', () => {
      const client = makeClient();

      sut.handle(client.request, client.response);

      expect(client.mock.writeHead).toHaveBeenCalledWith(200, expect.objectContaining({ 'Content-Type': 'text/event-stream' }));
      expect(client.ids()).toEqual(['1000000']);
    });

    it('sends the new id when the build replaces index.html', async () => {
      const client = makeClient();
      sut.handle(client.request, client.response);

      utimesSync(join(webRoot, 'index.html'), new Date(2_000_000), new Date(2_000_000));

      await vi.waitFor(() => expect(client.ids()).toEqual(['1000000', '2000000']), { timeout: 3_000 });
    });
  });

  describe('close', () => {
    it('ends the open streams, so the gateway can shut down', () => {
      const client = makeClient();
      sut.handle(client.request, client.response);

      sut.close();

      expect(client.mock.end).toHaveBeenCalled();
    });
  });
});
