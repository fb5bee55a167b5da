import type { Server } from 'node:http';
import express, { type Express } from 'express';
import type { GatewayConfig } from '../config/gateway-config';

/**
 * An Express app whose router matches paths exactly: `/api/auth/verify/` and `/API/auth/verify`
 * are not `/api/auth/verify`. Set before anything is mounted: Express 5 reads both settings when
 * it creates its router, on the first `use()` (Nest's adapter makes one in its constructor).
 */
export function strictExpress(): Express {
  const app = express();
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  return app;
}

/**
 * A request must arrive whole within HTTP_REQUEST_TIMEOUT_MS (a batch upload within
 * BATCH_UPLOAD_TIMEOUT_MS: Node has one timeout per server, the shorter one is enforced by
 * shorterRequestDeadline) and its headers within HTTP_HEADERS_TIMEOUT_MS (Node answers 408 and
 * closes), so a slow upload cannot hold its memory for ever. Node checks every connectionsCheckingInterval (30 s by default), which it reads when
 * the server starts listening: set before `listen()`.
 */
export function applyServerTimeouts(server: Server, config: GatewayConfig): void {
  server.requestTimeout = Math.max(config.HTTP_REQUEST_TIMEOUT_MS, config.BATCH_UPLOAD_TIMEOUT_MS);
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  // A createServer option in the typings; Node keeps it as this property until `listen()`.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(5_000, Math.max(100, Math.floor(config.HTTP_HEADERS_TIMEOUT_MS / 10)));
}
