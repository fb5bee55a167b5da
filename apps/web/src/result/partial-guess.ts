import type { PartialResult } from '@wildid/common/identifications/identification-view';
import { h } from '../dom';

/** "Probably a red fox…": the model's first names, shown while the rest of its answer streams in. */
export function partialGuessText(partial: PartialResult): string {
  const name = partial.commonName.trim();
  // Lower-case a common name ("Red fox" → "red fox") but keep proper nouns after the first word ("Bewick's wren").
  const spoken = name.charAt(0).toLowerCase() + name.slice(1);
  const article = /^[aeiou]/i.test(spoken) ? 'an' : 'a';
  return `Probably ${article} ${spoken}…`;
}

export function partialGuess(partial: PartialResult): HTMLElement {
  return h(
    'p',
    { class: 'partial-guess', 'data-partial': 'true' },
    partialGuessText(partial),
    partial.scientificName ? h('em', { class: 'scientific-name' }, ` (${partial.scientificName})`) : undefined,
  );
}
