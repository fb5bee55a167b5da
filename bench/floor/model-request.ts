import { loadDist } from '../support/app-dist';

/**
 * The request the app's identifier worker sends (apps/identifier-worker/src/identify/identification-prompt.ts
 * and vision-model.client.ts): same prompt, same JSON schema, same parameters, so the
 * model server parses the same bytes. Prompt and schema come from the app's build.
 */
interface ResultSchemaModule {
  animalResultSchema: { safeParse(value: unknown): { success: boolean } };
}

export const resultSchema = loadDist<ResultSchemaModule>('libs/common/src/identifications/animal-result.schema.js');

interface PromptModule {
  buildIdentificationMessages(image: { bytes: Uint8Array; mimeType: string }): unknown[];
  identificationResponseFormat: Record<string, unknown>;
}

// The app's own prompt builder (it depends on nothing but the result schema), so both send the same request.
const prompt = loadDist<PromptModule>('apps/identifier-worker/src/identify/identification-prompt.js');

export function chatRequestBody(model: string, jpeg: Buffer): string {
  return JSON.stringify({
    model,
    messages: prompt.buildIdentificationMessages({ bytes: jpeg, mimeType: 'image/jpeg' }),
    response_format: prompt.identificationResponseFormat,
    temperature: 0.2,
    max_tokens: 1200,
  });
}

/** The answer's JSON if it matches the result schema. */
export function parseAnswer(completion: unknown): unknown {
  const content = (completion as { choices?: Array<{ message?: { content?: string } }> }).choices?.[0]?.message?.content ?? '';
  const result: unknown = JSON.parse(content);
  if (!resultSchema.animalResultSchema.safeParse(result).success) throw new Error('model answer does not match the schema');
  return result;
}
