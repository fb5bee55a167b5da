import type { AnimalResult } from '../identifications/animal-result.schema';

export function validAnimalAnswer(overrides: Partial<AnimalResult> = {}): AnimalResult {
  return {
    isAnimal: true,
    commonName: 'Red fox',
    scientificName: 'Vulpes vulpes',
    confidence: 0.93,
    taxonomy: {
      kingdom: 'Animalia', phylum: 'Chordata', class: 'Mammalia', order: 'Carnivora',
      family: 'Canidae', genus: 'Vulpes', species: 'Vulpes vulpes',
    },
    alternatives: [{ commonName: 'Arctic fox', scientificName: 'Vulpes lagopus', confidence: 0.04 }],
    description: 'A small canid with a rusty-orange coat, black legs and a white-tipped bushy tail.',
    habitat: 'Forests, farmland, grassland and towns across the Northern Hemisphere.',
    diet: 'Omnivore: rodents, rabbits, birds, insects, fruit and scraps.',
    conservationStatus: 'LC',
    safety: 'Shy and not dangerous; keep distance and do not feed it, as foxes can carry rabies.',
    rationale: 'Orange coat, pointed ears with black backs and a white tail tip match the red fox.',
    ...overrides,
  };
}
export function noAnimalAnswer(): AnimalResult {
  return { isAnimal: false, rationale: 'The photo shows a parked bicycle; no animal is visible.' };
}
