import { ApiError } from '../api/http';
import { identificationImageUrl } from '../api/identifications';
import { type LifeListEntry, fetchLifeList } from '../api/life-list';
import { byId, h, replaceChildren } from '../dom';
import { formatDateTime } from '../format';

const REVIEWED_WORDS: Record<LifeListEntry['reviewed'], string> = { confirmed: 'Confirmed', corrected: 'Corrected', unreviewed: 'Unreviewed' };

/** Every species the person has photographed, with whether they confirmed or corrected it, most recently seen first. */
export class LifeListPage {
  private readonly section = byId('species-page');
  private readonly list = byId('species-list');
  private readonly summary = byId('species-summary');
  private readonly empty = byId('species-empty');
  private readonly error = byId('species-error');

  constructor(private readonly openPhoto: (id: string) => void) {}

  async show(): Promise<void> {
    this.section.hidden = false;
    this.error.hidden = true;
    this.summary.textContent = 'Loading…';
    try {
      const species = await fetchLifeList();
      replaceChildren(this.list, ...species.map((entry) => this.entry(entry)));
      this.summary.textContent = `${species.length} species, ${species.reduce((sum, entry) => sum + entry.photos, 0)} photos.`;
      this.empty.hidden = species.length > 0;
    } catch (error) {
      this.summary.textContent = '';
      this.error.textContent = `Your life list could not be loaded. ${error instanceof ApiError ? error.message : ''}`.trim();
      this.error.hidden = false;
    }
  }

  hide(): void {
    this.section.hidden = true;
    this.list.replaceChildren();
  }

  private entry(species: LifeListEntry): HTMLLIElement {
    const name = species.commonName ?? species.scientificName ?? 'Unnamed animal';
    const seen = species.firstSeen === species.lastSeen ? `Seen ${formatDateTime(species.firstSeen)}` : `First seen ${formatDateTime(species.firstSeen)} · last seen ${formatDateTime(species.lastSeen)}`;
    const button = h(
      'button',
      { type: 'button', class: 'entry-card history-item species-entry' },
      h('img', { class: 'history-thumb', src: identificationImageUrl(species.latestId), alt: '', loading: 'lazy', decoding: 'async' }),
      h(
        'span',
        { class: 'history-text' },
        h('span', { class: 'history-title' }, name),
        species.commonName && species.scientificName ? h('i', { class: 'history-scientific' }, species.scientificName) : undefined,
        h('span', { class: 'history-meta' }, `${seen} · ${species.photos} ${species.photos === 1 ? 'photo' : 'photos'}`),
        h('span', { class: `review-badge review-${species.reviewed}` }, REVIEWED_WORDS[species.reviewed]),
      ),
    );
    button.addEventListener('click', () => this.openPhoto(species.latestId));
    return h('li', {}, button);
  }
}
