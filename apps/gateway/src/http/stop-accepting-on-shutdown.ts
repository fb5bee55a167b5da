import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

/**
 * Nest closes the HTTP server only after every module's destroy hook ran, so
 * a stopping gateway would keep accepting new requests meanwhile. This closes
 * the listener in the first shutdown phase; requests already in flight finish
 * (Nest awaits them when it disposes the server) and idle keep-alive
 * connections are closed.
 */
@Injectable()
export class StopAcceptingOnShutdown implements OnModuleDestroy {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleDestroy(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.close();
    server.closeIdleConnections();
  }
}
