import { z } from 'zod';

/** IUCN Red List categories, from extinct to not evaluated. */
export const IUCN_CATEGORIES = ['EX', 'EW', 'CR', 'EN', 'VU', 'NT', 'LC', 'DD', 'NE'] as const;

const confidence = z.number().min(0).max(1);
const text = z.string().trim().min(1);

export const taxonomySchema = z.object({
  kingdom: text.optional(),
  phylum: text.optional(),
  class: text.optional(),
  order: text.optional(),
  family: text.optional(),
  genus: text.optional(),
  species: text.optional(),
});

export const alternativeSchema = z.object({
  commonName: text,
  scientificName: text.optional(),
  confidence: confidence.optional(),
});

/**
 * What the model must answer, field names exact. Only `isAnimal` is required:
 * fields the model leaves out stay absent rather than being invented.
 */
export const animalResultSchema = z.object({
  isAnimal: z.boolean(),
  commonName: text.optional(),
  scientificName: text.optional(),
  confidence: confidence.optional(),
  taxonomy: taxonomySchema.optional(),
  alternatives: z.array(alternativeSchema).max(10).optional(),
  description: text.optional(),
  habitat: text.optional(),
  diet: text.optional(),
  conservationStatus: z.enum(IUCN_CATEGORIES).optional(),
  safety: text.optional(),
  rationale: text.optional(),
});
export type AnimalResult = z.infer<typeof animalResultSchema>;

/** JSON Schema handed to the model's JSON mode. */
export const animalResultJsonSchema = z.toJSONSchema(animalResultSchema);
