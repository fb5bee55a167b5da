import { loadDist } from '../support/app-dist';

/**
 * The request the app's identifier worker sends (apps/identifier-worker/src/identify/identification-prompt.ts
 * and vision-model.client.ts): same prompt, same JSON schema, same parameters, so the
 * model server parses the same bytes. The schema comes from the app's build.
 */
interface ResultSchemaModule {
  animalResultJsonSchema: Record<string, unknown>;
  animalResultSchema: { safeParse(value: unknown): { success: boolean } };
}

export const resultSchema = loadDist<ResultSchemaModule>('libs/common/src/identifications/animal-result.schema.js');

const SYSTEM_PROMPT = [
  'You are a field biologist identifying animals in photographs.',
  'Answer with one JSON object only, no prose, matching the given JSON schema exactly.',
  'Set "isAnimal" to false when no animal is visible, and then add only a short "rationale".',
  'Otherwise give the most likely species: "commonName", "scientificName", "confidence" between 0 and 1,',
  '"taxonomy" (kingdom to species), up to 3 "alternatives" with their confidence, "description",',
  '"habitat", "diet", "conservationStatus" as an IUCN code (EX, EW, CR, EN, VU, NT, LC, DD, NE),',
  '"safety" notes for people when the animal can be dangerous or venomous,',
  'and a "rationale" naming the visible features that point to this species.',
  'Leave out any field you cannot support from the photo rather than guessing.',
].join(' ');

export function chatRequestBody(model: string, jpeg: Buffer): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Identify the animal in this photo.' },
          { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg.toString('base64')}` } },
        ],
      },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'animal_identification', schema: resultSchema.animalResultJsonSchema, strict: true },
    },
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
