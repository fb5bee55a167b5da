import type { HistoryItem } from '../api/account';
import { identificationImageUrl } from '../api/identifications';
import { h, icon } from '../dom';
import { formatDateTime, formatPercent } from '../format';
import { iucnBadge } from '../result/iucn';
import { effectiveName, reviewBadge } from '../review/review-badge';

/** What a history entry is called: the animal, or what became of the photo. */
export function historyTitle(item: HistoryItem): string {
  switch (item.status) {
    case 'queued':
      return 'Waiting in the queue…';
    case 'processing':
      return 'Identifying…';
    case 'failed':
      return 'Could not identify';
    default:
      if (item.isAnimal === false && !item.identifiedAs) return 'No animal found';
      return effectiveName(item) ?? item.commonName ?? item.scientificName ?? 'Unnamed animal';
  }
}

/** One entry of the grid: a button that opens the full card. */
export function historyTile(item: HistoryItem, open: (id: string) => void): HTMLLIElement {
  const thumbnail = item.imageUrl
    ? h('img', { class: 'history-thumb', src: identificationImageUrl(item.id), alt: '', loading: 'lazy', decoding: 'async' })
    : h('span', { class: 'history-thumb placeholder' }, icon('paw'));
  const details = [formatDateTime(item.createdAt), item.confidence !== undefined && item.identifiedAs?.method !== 'human' ? formatPercent(item.confidence) : undefined].filter(Boolean).join(' · ');
  const button = h(
    'button',
    { type: 'button', class: `entry-card history-item status-${item.status}` },
    thumbnail,
    h(
      'span',
      { class: 'history-text' },
      h('span', { class: 'history-title' }, historyTitle(item)),
      scientificNameOf(item) ? h('i', { class: 'history-scientific' }, scientificNameOf(item)) : undefined,
      h('span', { class: 'history-meta' }, details),
      reviewBadge(item),
    ),
    iucnBadge(item.conservationStatus, 'compact'),
  );
  button.addEventListener('click', () => open(item.id));
  return h('li', { 'data-id': item.id }, button);
}

function scientificNameOf(item: HistoryItem): string | undefined {
  if (item.identifiedAs) return item.identifiedAs.commonName ? item.identifiedAs.scientificName : undefined;
  return item.isAnimal !== false ? item.scientificName : undefined;
}
