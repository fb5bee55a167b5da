// The schema module alone (not the package index): the benchmark floor loads this prompt without the framework.
import { animalResultJsonSchema } from '@wildid/common/identifications/animal-result.schema';

export const RESPONSE_FORMAT_NAME = 'animal_identification';

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
  // The provider recommends the schema in the prompt as well as in response_format.
  `The JSON schema: ${JSON.stringify(animalResultJsonSchema)}`,
].join(' ');

export type PromptMessage =
  | { role: 'system'; content: string }
  | { role: 'assistant'; content: string }
  | {
      role: 'user';
      content: string | Array<{ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } }>;
    };

/** `context`: when and where the photo was taken, a sentence such as "Taken on 3 July 2026 around 06:10, near 52.10° N, 4.30° E, in the Netherlands." */
export function buildIdentificationMessages(image: { bytes: Uint8Array; mimeType: string; context?: string }): PromptMessage[] {
  const dataUri = `data:${image.mimeType};base64,${Buffer.from(image.bytes).toString('base64')}`;
  const ask = image.context
    ? `Identify the animal in this photo. ${image.context} Weigh which species live there at that time of year and day, but trust what the photo shows.`
    : 'Identify the animal in this photo.';
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content: [
        { type: 'text', text: ask },
        { type: 'image_url', image_url: { url: dataUri } },
      ],
    },
  ];
}

/** The model's invalid answer and what was wrong with it, so it can correct itself once. */
export function buildCorrectionMessages(invalidAnswer: string, problem: string): PromptMessage[] {
  return [
    { role: 'assistant', content: invalidAnswer || '(empty answer)' },
    {
      role: 'user',
      content: `That answer was not valid: ${problem}. Reply again with only the JSON object that matches the schema.`,
    },
  ];
}

export const identificationResponseFormat = {
  type: 'json_schema' as const,
  json_schema: { name: RESPONSE_FORMAT_NAME, schema: animalResultJsonSchema as Record<string, unknown>, strict: true },
};
