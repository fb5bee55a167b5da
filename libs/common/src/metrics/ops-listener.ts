import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { privateInterfaceAddresses } from '../net/private-networks';

/** The bind address that means "loopback and every private-network address of this machine" (see ops-env.ts). */
export const PRIVATE_BIND = 'private';

export interface OpsResponse {
  status: number;
  /** Objects are sent as JSON. */
  body: string | object;
  contentType?: string;
}

export type OpsRoute = () => Promise<OpsResponse>;

/**
 * A bare node:http listener for health probes and Prometheus scrapes, kept
 * apart from the public port: workers have no HTTP server of their own, and
 * the gateway must never expose /metrics to the internet. GET and HEAD only.
 */
export class OpsListener {
  private servers: Server[] = [];

  constructor(
    /** The variable that sets the port, named in errors. */
    private readonly portVariable: string,
    private readonly routes: Record<string, OpsRoute>,
  ) {}

  /**
   * Resolves with the bound port (useful with port 0); rejects, naming the
   * variable, when the port is taken. `host` is one address, or PRIVATE_BIND:
   * one socket per private address, all on the same port.
   */
  async listen(port: number, host: string): Promise<number> {
    const hosts = host === PRIVATE_BIND ? privateInterfaceAddresses() : [host];
    let bound = port;
    for (const address of hosts) bound = await this.listenOn(bound, address);
    return bound;
  }

  /** Where it listens, for the start-up log line. */
  get addresses(): string[] {
    return this.servers.map((server) => {
      const { address, port } = server.address() as AddressInfo;
      return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
    });
  }

  /** Probes keep connections alive; drop them so shutdown never waits on a scraper. */
  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    await Promise.all(
      servers.map((server) => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        return closed;
      }),
    );
  }

  private async listenOn(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => {
      void this.answer(req).then(({ status, body, contentType }) => {
        res.writeHead(status, {
          'content-type': contentType ?? (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json'),
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) =>
        reject(new Error(`${this.portVariable}=${port} on ${host}: ${error.message}; choose a free port, or 0 to turn this listener off`));
      server.once('error', fail);
      server.listen(port, host, () => {
        server.off('error', fail);
        resolve();
      });
    });
    this.servers.push(server);
    return (server.address() as AddressInfo).port;
  }

  private async answer(req: IncomingMessage): Promise<OpsResponse> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, body: { message: 'GET or HEAD only' } };
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = this.routes[path];
    if (!route) return { status: 404, body: { message: `nothing at ${path}; try ${Object.keys(this.routes).join(', ')}` } };
    try {
      return await route();
    } catch (error) {
      return { status: 500, body: { message: (error as Error).message } };
    }
  }
}

/** `/metrics` in Prometheus' text format. */
export function metricsRoute(registry: Registry): OpsRoute {
  return async () => ({ status: 200, body: await registry.metrics(), contentType: registry.contentType });
}
