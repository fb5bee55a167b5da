import { escapeHtml } from '../auth/auth-pages';
import type { buildOpenApiDocument } from './openapi-document';

type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
type Described = { summary?: string; description?: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, Response> };
type Parameter = { name: string; in: string; required: boolean; schema: unknown };
type Response = { description: string; content?: Record<string, { schema: unknown }> };

/**
 * The style of /api/docs. The page has no script and loads nothing from
 * another host (users' browsers may have no internet); the CSP allows exactly
 * this text by its hash (web-host/security-headers.ts).
 */
export const API_DOCS_STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b2a1f;line-height:1.45}
section{border-top:1px solid #c5d3c7;padding:.5rem 0}code,pre{font-family:ui-monospace,monospace;font-size:.85rem}
pre{background:#f2f5f2;padding:.6rem;overflow-x:auto;max-height:24rem}h2{margin-top:2.5rem}.method{font-weight:700;text-transform:uppercase}
details{margin:.3rem 0}table{border-collapse:collapse}td,th{text-align:left;padding:.2rem .6rem .2rem 0;vertical-align:top}`;

/** The OpenAPI document as one readable page, rendered on the server from the same JSON. */
export function apiDocsPage(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => describeOperation(method, path, operation as Described)),
  );
  const schemas = Object.entries(document.components.schemas).map(([name, schema]) => `<details id="${escapeHtml(name)}"><summary>${escapeHtml(name)}</summary>${json(schema)}</details>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API · WildID</title>
<style>${API_DOCS_STYLE}</style>
</head><body><main>
<h1>WildID API <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description)}</p>
<p>Machine-readable: <a href="openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}). Server: <code>${escapeHtml(document.servers[0]?.url ?? '')}</code>.
Signed-in routes use the session cookie; an identification can also be read with <code>Authorization: Bearer &lt;accessToken&gt;</code>.</p>
<h2>HTTP routes</h2>
${operations.join('\n')}
<h2>Socket protocol (socket.io)</h2>
${socketProtocol(document['x-socket-io'])}
<h2>Schemas</h2>
${schemas.join('\n')}
</main></body></html>`;
}

function describeOperation(method: string, path: string, operation: Described): string {
  const parameters = operation.parameters ?? [];
  const body = Object.entries(operation.requestBody?.content ?? {});
  return `<section><h3><span class="method">${escapeHtml(method)}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(operation.summary ?? '')}</p>
${parameters.length > 0 ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${parameters.map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`).join('')}</table>` : ''}
${body.map(([type, { schema }]) => `<details><summary>body: ${escapeHtml(type)}</summary>${json(schema)}</details>`).join('')}
<table>${Object.entries(operation.responses).map(([code, response]) => `<tr><td>${escapeHtml(code)}</td><td>${escapeHtml(response.description)}${answerBody(response)}</td></tr>`).join('')}</table></section>`;
}

function answerBody(response: Response): string {
  return Object.entries(response.content ?? {})
    .map(([type, { schema }]) => {
      const ref = (schema as { $ref?: string }).$ref?.split('/').pop();
      return ref ? ` → <code>${escapeHtml(type)}</code> <a href="#${escapeHtml(ref)}">${escapeHtml(ref)}</a>` : ` → <code>${escapeHtml(type)}</code>`;
    })
    .join('');
}

function socketProtocol(protocol: OpenApiDocument['x-socket-io']): string {
  const events = [...protocol.clientToServer.map((event) => ({ ...event, direction: 'client → server' })), ...protocol.serverToClient.map((event) => ({ ...event, direction: 'server → client', acknowledgement: '' }))];
  return `<p>Path <code>${escapeHtml(protocol.path)}</code>, transports ${protocol.transports.join(', ')}. ${escapeHtml(protocol.handshake)} ${escapeHtml(protocol.limits)}</p>
<table><tr><th>event</th><th>direction</th><th>payload</th><th>acknowledgement</th><th></th></tr>${events
    .map((e) => `<tr><td><code>${escapeHtml(e.event)}</code></td><td>${e.direction}</td><td><code>${escapeHtml(e.payload)}</code></td><td><code>${escapeHtml(e.acknowledgement)}</code></td><td>${escapeHtml(e.description)}</td></tr>`)
    .join('')}</table>`;
}

function json(value: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
}
