import type { AnimalResult } from '@wildid/common/identifications/animal-result.schema';
import { h, icon } from '../dom';
import { formatPercent } from '../format';
import { confidenceMeter } from './confidence-meter';
import { iucnBadge, iucnCategory } from './iucn';

const TAXONOMY_RANKS = ['kingdom', 'phylum', 'class', 'order', 'family', 'genus', 'species'] as const;

/** The full result for a photo with an animal in it. Every model string is set as text. */
export function animalCard(result: AnimalResult, photoUrl?: string): HTMLElement {
  const name = result.commonName ?? result.scientificName ?? 'Unnamed animal';
  return h(
    'article',
    { class: 'result-card', 'aria-label': `Result: ${name}` },
    photoUrl ? h('img', { class: 'result-photo', src: photoUrl, alt: `Your photo, identified as ${name}` }) : undefined,
    h(
      'header',
      { class: 'result-header' },
      h('p', { class: 'eyebrow' }, 'Best match'),
      h('h2', { class: 'result-name' }, name),
      result.scientificName && result.commonName ? h('p', { class: 'scientific-name' }, h('i', {}, result.scientificName)) : undefined,
      iucnBadge(result.conservationStatus),
    ),
    result.confidence !== undefined ? confidenceMeter(result.confidence) : undefined,
    result.safety
      ? h('aside', { class: 'safety', role: 'note' }, h('h3', {}, icon('warning'), 'Safety'), h('p', {}, result.safety))
      : undefined,
    textSection('About', result.description),
    textSection('Habitat', result.habitat),
    textSection('Diet', result.diet),
    conservationSection(result.conservationStatus),
    taxonomySection(result.taxonomy),
    alternativesSection(result.alternatives),
    textSection('Why the model thinks so', result.rationale),
    h('p', { class: 'disclaimer' }, 'Identified by an AI model, which can be wrong. Keep your distance from wild animals whatever it says.'),
  );
}

function textSection(title: string, text: string | undefined): HTMLElement | undefined {
  return text ? h('section', { class: 'result-section' }, h('h3', {}, title), h('p', {}, text)) : undefined;
}

function conservationSection(code: string | undefined): HTMLElement | undefined {
  const category = iucnCategory(code);
  if (!category) return undefined;
  return h(
    'section',
    { class: 'result-section' },
    h('h3', {}, 'Conservation status'),
    h('p', {}, iucnBadge(code), ' ', category.meaning),
    h('p', { class: 'fine-print' }, 'Category of the IUCN Red List of Threatened Species, as given by the model.'),
  );
}

function taxonomySection(taxonomy: AnimalResult['taxonomy']): HTMLElement | undefined {
  const ranks = TAXONOMY_RANKS.filter((rank) => taxonomy?.[rank]);
  if (!taxonomy || ranks.length === 0) return undefined;
  return h(
    'section',
    { class: 'result-section' },
    h('h3', {}, 'Taxonomy'),
    h(
      'ol',
      { class: 'taxonomy', 'aria-label': 'Taxonomy, from kingdom to species' },
      ...ranks.map((rank) => h('li', {}, h('span', { class: 'rank' }, rank), ' ', h('span', { class: 'taxon' }, taxonomy[rank] ?? ''))),
    ),
  );
}

function alternativesSection(alternatives: AnimalResult['alternatives']): HTMLElement | undefined {
  if (!alternatives?.length) return undefined;
  return h(
    'section',
    { class: 'result-section' },
    h('h3', {}, 'Other possibilities'),
    h(
      'ul',
      { class: 'alternatives' },
      ...alternatives.map((alternative) =>
        h(
          'li',
          {},
          h('span', {}, alternative.commonName),
          alternative.scientificName ? h('i', { class: 'scientific-name' }, ` ${alternative.scientificName}`) : undefined,
          alternative.confidence !== undefined ? h('span', { class: 'alt-confidence' }, formatPercent(alternative.confidence)) : undefined,
        ),
      ),
    ),
  );
}
