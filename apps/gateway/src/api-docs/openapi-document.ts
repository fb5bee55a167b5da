import { z } from 'zod';
import { type Answer, type Caller, type Operation, API_OPERATIONS } from './api-operations';
import { SOCKET_PROTOCOL } from './socket-protocol';

/** package.json's version; the API description's version follows the app's. */
export const API_VERSION = '0.1.0';

type JsonSchema = Record<string, unknown>;
const uuidParam = z.uuid();

const SECURITY: Record<Caller, Array<Record<string, string[]>> | undefined> = {
  anyone: undefined,
  'token-or-owner': [{ accessToken: [] }, { session: [] }],
  'signed-in': [{ session: [] }],
  admin: [{ session: [] }],
};

/** The OpenAPI 3.1 document (JSON Schema 2020-12, which zod's toJSONSchema writes) for every route. */
export function buildOpenApiDocument(publicUrl: string, operations: Operation[] = API_OPERATIONS) {
  const components = new Components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = describeOperation(operation, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'WildID',
      version: API_VERSION,
      description:
        'Self-hostable animal identification. Errors are JSON { statusCode, error, message }. Unsafe requests from another origin than the server\'s are refused (403). The socket protocol is in x-socket-io and on /api/docs.',
    },
    servers: [{ url: publicUrl }],
    tags: [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        accessToken: { type: 'http', scheme: 'bearer', description: "The upload's accessToken: reads that identification only" },
        session: { type: 'apiKey', in: 'cookie', name: 'wildid_session', description: '__Host-wildid_session with an https PUBLIC_URL' },
      },
    },
    'x-socket-io': SOCKET_PROTOCOL,
  };
}

function describeOperation(operation: Operation, components: Components) {
  const parameters = [
    ...[...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: components.inline(operation.params?.[name!] ?? uuidParam, 'input'),
    })),
    ...Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: components.inline(schema as z.ZodType, 'input'),
    })),
  ];
  const security = SECURITY[operation.caller];
  return {
    tags: [operation.tag],
    summary: operation.summary,
    operationId: `${operation.method}${operation.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase())}`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? { requestBody: { required: true, content: { [operation.body.type]: { schema: components.inline(operation.body.schema, 'input') } } } }
      : {}),
    responses: Object.fromEntries(Object.entries(operation.answers).map(([code, answer]) => [code, describeAnswer(answer, components)])),
    ...(security ? { security } : {}),
  };
}

function describeAnswer(answer: Answer, components: Components) {
  if (!answer.schema && !answer.type) return { description: answer.description };
  const schema = answer.schema ? components.inline(answer.schema, 'output') : { type: 'string' };
  return { description: answer.description, content: { [answer.type ?? 'application/json']: { schema } } };
}

/** Schemas with an `id` in their metadata (response-schemas.ts) become components, referenced wherever they are used. */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  inline(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const { $schema: _dialect, $defs: defs, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
    for (const [id, definition] of Object.entries((defs ?? {}) as Record<string, JsonSchema>)) this.schemas[id] ??= toComponentRefs(definition);
    return toComponentRefs(json);
  }
}

function toComponentRefs(json: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}
