import { type Server, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config/gateway-config';
import { applyServerTimeouts } from './http-server-settings';
import { isBatchUpload, shorterRequestDeadline } from './request-deadline';

const config = { HTTP_REQUEST_TIMEOUT_MS: 300, BATCH_UPLOAD_TIMEOUT_MS: 60_000, HTTP_HEADERS_TIMEOUT_MS: 300 } as GatewayConfig;

/** Sends the headers and part of a body, the rest `restAfterMs` later; resolves with the status (0: cut without one). */
function stalledPost(port: number, path: string, restAfterMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest({ port, path, method: 'POST', headers: { 'content-length': '10' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.write('12345');
    setTimeout(() => req.end('67890'), restAfterMs);
  });
}

describe(shorterRequestDeadline.name, () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  async function start(): Promise<number> {
    const app = express();
    app.use(shorterRequestDeadline(config));
    app.post(/.*/, (req, res) => {
      req.resume();
      req.on('end', () => res.status(202).end());
    });
    server = app.listen(0);
    applyServerTimeouts(server, config);
    await new Promise((resolve) => server!.once('listening', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('answers 408 to a body still arriving after HTTP_REQUEST_TIMEOUT_MS, but lets a batch upload take longer', async () => {
    const port = await start();
    const [other, batch] = await Promise.all([stalledPost(port, '/api/identifications', 1_000), stalledPost(port, '/api/batches/abc/photos', 1_000)]);
    expect(other).toBe(408);
    expect(batch).toBe(202);
  });

  it('knows the batch upload route exactly', () => {
    expect(isBatchUpload({ method: 'POST', path: '/api/batches/abc/photos' })).toBe(true);
    expect(isBatchUpload({ method: 'GET', path: '/api/batches/abc/photos' })).toBe(false);
    expect(isBatchUpload({ method: 'POST', path: '/api/batches/abc/photos/x' })).toBe(false);
  });
});
