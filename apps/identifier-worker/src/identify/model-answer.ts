import { type AnimalResult, animalResultSchema } from '@wildid/common';

export type ParsedAnswer = { ok: true; result: AnimalResult } | { ok: false; problem: string };

/** Reads the model's text as the result JSON; says what is wrong when it is not. */
export function parseModelAnswer(content: string | null | undefined): ParsedAnswer {
  const text = stripCodeFence(content?.trim() ?? '');
  if (!text) return { ok: false, problem: 'the answer was empty' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the answer was not valid JSON' };
  }
  const parsed = animalResultSchema.safeParse(json);
  if (parsed.success) return { ok: true, result: parsed.data };
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'root'}: ${issue.message}`);
  return { ok: false, problem: `the JSON did not match the schema (${issues.slice(0, 5).join('; ')})` };
}

// Some models wrap JSON in a markdown fence even in JSON mode.
function stripCodeFence(text: string): string {
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text);
  return fenced ? fenced[1] : text;
}
