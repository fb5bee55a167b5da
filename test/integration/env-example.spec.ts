import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { gatewayEnvSchema } from '../../apps/gateway/src/config/gateway-config';
import { identifierWorkerEnvSchema } from '../../apps/identifier-worker/src/config/identifier-worker-config';
import { mailerWorkerEnvSchema } from '../../apps/mailer-worker/src/config/mailer-worker-config';

/** The variables an app's schema reads: its object's keys, under any refinements and transforms. */
function variablesOf(schema: z.ZodType): string[] {
  const object = schema instanceof z.ZodPipe ? schema.in : schema;
  if (!(object instanceof z.ZodObject)) throw new Error('an app config schema must be a z.object (possibly refined or transformed)');
  return Object.keys(object.shape);
}

/** `NAME=value` lines, not the commented examples. */
function variablesListedIn(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);
}

describe('.env.example', () => {
  const listed = variablesListedIn(resolve(__dirname, '../../.env.example'));
  const read = new Set([gatewayEnvSchema, identifierWorkerEnvSchema, mailerWorkerEnvSchema].flatMap(variablesOf));

  it('lists every variable the apps\' config schemas read', () => {
    expect([...read].filter((name) => !listed.includes(name)).sort()).toEqual([]);
  });

  it('lists nothing the schemas do not read, and each variable once', () => {
    expect(listed.filter((name) => !read.has(name)).sort()).toEqual([]);
    expect(listed.filter((name, index) => listed.indexOf(name) !== index)).toEqual([]);
  });
});
