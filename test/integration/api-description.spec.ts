import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '../../apps/gateway/src/api-docs/api-operations';
import { buildOpenApiDocument } from '../../apps/gateway/src/api-docs/openapi-document';
import { initGatewayInProcess } from '../support/in-process-gateway';

type RouteLayer = { route?: { path: string; methods: Record<string, boolean> } };

/** `GET /api/identifications/{id}` for each method of each route the Express router holds. */
function routesOf(app: NestExpressApplication): string[] {
  const layers = (app.getHttpAdapter().getInstance() as { router: { stack: RouteLayer[] } }).router.stack;
  return layers.flatMap(({ route }) =>
    route ? Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`) : [],
  );
}

/** The gateway's router is what it would serve. */
describe('the API description', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await initGatewayInProcess();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists every route the gateway serves, and none it does not', () => {
    const described = API_OPERATIONS.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
    const served = routesOf(app);

    expect(served.length).toBeGreaterThan(15);
    expect(served.filter((route) => !described.includes(route)).sort()).toEqual([]);
    expect(described.filter((route) => !served.includes(route)).sort()).toEqual([]);
  });

  it('is OpenAPI 3.1 with an answer for every route and the socket protocol beside it', () => {
    const document = buildOpenApiDocument('http://localhost:3000');

    expect(document.openapi).toBe('3.1.0');
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods) as Array<{ responses: object }>);
    expect(operations).toHaveLength(API_OPERATIONS.length);
    for (const operation of operations) expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
    expect(document['x-socket-io'].clientToServer.map((event) => event.event)).toEqual(['subscribe']);
    const refs = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((match) => match[1]!);
    expect(refs.filter((ref) => !(ref in document.components.schemas))).toEqual([]);
  });
});
