/** The parts of a Frictionless Table Schema (as Camtrap DP publishes them) that the export tests check. */
export interface TableSchema {
  fields: Array<{
    name: string;
    type: string;
    format?: string;
    constraints?: { required?: boolean; unique?: boolean; minimum?: number; maximum?: number; enum?: string[]; pattern?: string };
  }>;
  missingValues?: string[];
}

// Table Schema's datetime with the format `%Y-%m-%dT%H:%M:%S%z`: seconds, then Z or an offset.
const DATETIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:?\\d{2})$';

/**
 * A JSON Schema for one row of the table once typed by typedRow: each field's type, required fields, and its
 * constraints (enum, minimum, maximum, pattern); no field the table does not have.
 */
export function rowJsonSchema(table: TableSchema): object {
  const properties = Object.fromEntries(table.fields.map((field) => [field.name, fieldJsonSchema(field)]));
  const required = table.fields.filter((field) => field.constraints?.required).map((field) => field.name);
  return { type: 'object', properties, required, additionalProperties: false };
}

function fieldJsonSchema(field: TableSchema['fields'][number]): object {
  const { minimum, maximum, pattern } = field.constraints ?? {};
  const schema: Record<string, unknown> = {};
  if (field.type === 'datetime') Object.assign(schema, { type: 'string', pattern: DATETIME });
  else if (field.type !== 'any') schema.type = field.type;
  if (field.constraints?.enum) schema.enum = field.constraints.enum;
  if (minimum !== undefined) schema.minimum = minimum;
  if (maximum !== undefined) schema.maximum = maximum;
  if (pattern !== undefined) schema.pattern = pattern;
  return schema;
}

/** A CSV row (strings by column) typed as Table Schema reads it: missing values left out, numbers and booleans parsed. */
export function typedRow(table: TableSchema, row: Record<string, string>): Record<string, unknown> {
  const missing = table.missingValues ?? [''];
  const typed: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(row)) {
    if (missing.includes(text)) continue;
    const type = table.fields.find((field) => field.name === name)?.type;
    typed[name] = typedValue(type, text);
  }
  return typed;
}

function typedValue(type: string | undefined, text: string): unknown {
  if (type === 'number' || type === 'integer') return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}
