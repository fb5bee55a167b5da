import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { AddressRanges, PRIVATE_NETWORKS } from '../net/private-networks';
import { OpsListener, PRIVATE_BIND, metricsRoute } from './ops-listener';

describe(OpsListener.name, () => {
  const listeners: OpsListener[] = [];
  afterEach(async () => {
    await Promise.all(listeners.splice(0).map((listener) => listener.close()));
  });

  async function start(routes: ConstructorParameters<typeof OpsListener>[1]): Promise<string> {
    const sut = new OpsListener('TEST_PORT', routes);
    listeners.push(sut);
    return `http://127.0.0.1:${await sut.listen(0, '127.0.0.1')}`;
  }

  describe('listen', () => {
    it('serves its routes as JSON, and 404 or 405 otherwise', async () => {
      const url = await start({ '/health/live': async () => ({ status: 200, body: { status: 'ok' } }) });

      const live = await fetch(`${url}/health/live?probe=1`);
      expect(live.status).toBe(200);
      expect(live.headers.get('content-type')).toBe('application/json');
      expect(await live.json()).toEqual({ status: 'ok' });
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
      expect((await fetch(`${url}/health/live`, { method: 'POST' })).status).toBe(405);
    });

    it('answers 500 when a route throws, and keeps serving', async () => {
      const url = await start({ '/boom': async () => Promise.reject(new Error('broken')) });

      const response = await fetch(`${url}/boom`);

      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'broken' });
    });

    it('names the variable when the port is taken', async () => {
      const url = await start({});
      const port = Number(new URL(url).port);

      await expect(new OpsListener('HEALTH_PORT', {}).listen(port, '127.0.0.1')).rejects.toThrow(
        `HEALTH_PORT=${port} on 127.0.0.1: listen EADDRINUSE`,
      );
    });
  });

  describe('listen on private', () => {
    it('binds loopback and only private addresses, all on one port', async () => {
      const sut = new OpsListener('TEST_PORT', { '/health/live': async () => ({ status: 200, body: { status: 'ok' } }) });
      listeners.push(sut);

      const port = await sut.listen(0, PRIVATE_BIND);

      const ranges = new AddressRanges(PRIVATE_NETWORKS);
      expect(sut.addresses[0]).toBe(`127.0.0.1:${port}`);
      for (const address of sut.addresses) {
        const host = address.slice(0, address.lastIndexOf(':')).replace(/^\[|\]$/g, '');
        expect(ranges.includes(host), address).toBe(true);
        expect(address.endsWith(`:${port}`)).toBe(true);
      }
      expect(sut.addresses).not.toContain(`0.0.0.0:${port}`);
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    });
  });

  describe('metricsRoute', () => {
    it("serves the registry in Prometheus' text format", async () => {
      const registry = new Registry();
      new Counter({ name: 'wildid_test_total', help: 'test', registers: [registry] }).inc(3);
      const url = await start({ '/metrics': metricsRoute(registry) });

      const response = await fetch(`${url}/metrics`);

      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toContain('wildid_test_total 3');
    });
  });
});
