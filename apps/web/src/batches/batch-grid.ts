import type { BatchPhoto } from '@wildid/common/batches/batch-view';
import { identificationImageUrl } from '../api/identifications';
import { h } from '../dom';
import { queueText } from '../format';

/** photos: everything but blanks (the default: blanks are one click away). */
export type GridFilter = 'photos' | 'animals' | 'blanks' | 'failed';

export function isBlank(photo: BatchPhoto): boolean {
  return photo.status === 'completed' && photo.result?.isAnimal === false;
}

const SHOWN: Record<GridFilter, (photo: BatchPhoto) => boolean> = {
  photos: (photo) => !isBlank(photo),
  animals: (photo) => photo.status === 'completed' && photo.result?.isAnimal === true,
  blanks: isBlank,
  failed: (photo) => photo.status === 'failed',
};

/** What a tile says: the animal's name, or what became of the photo so far. */
export function photoCaption(photo: BatchPhoto): string {
  switch (photo.status) {
    case 'queued':
      return photo.queue ? queueText(photo.queue) : 'Waiting…';
    case 'processing':
      return photo.partial ? `Probably ${photo.partial.commonName}…` : 'Identifying…';
    case 'failed':
      return 'Could not identify';
    default:
      if (photo.result?.isAnimal === false) return 'No animal';
      return photo.result?.commonName ?? photo.result?.scientificName ?? 'Unnamed animal';
  }
}

/**
 * The photos the filter keeps, grouped by event (a burst: photos taken within
 * BURST_GAP_SECONDS of each other share an eventId), in the order taken.
 */
export function renderGrid(photos: BatchPhoto[], filter: GridFilter): HTMLLIElement[] {
  const groups: BatchPhoto[][] = [];
  for (const photo of photos.filter(SHOWN[filter])) {
    const last = groups.at(-1);
    if (last && photo.eventId && last[0]!.eventId === photo.eventId) last.push(photo);
    else groups.push([photo]);
  }
  return groups.map((group) => {
    const label = group.length > 1 ? `Event: ${group.length} photos` : undefined;
    return h(
      'li',
      { class: 'batch-event', 'aria-label': label ?? photoCaption(group[0]!) },
      label && h('p', { class: 'event-label' }, label),
      h('ul', { class: 'event-photos' }, ...group.map(photoTile)),
    );
  });
}

function photoTile(photo: BatchPhoto): HTMLLIElement {
  const when = photo.capturedAt ? new Date(photo.capturedAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : undefined;
  return h(
    'li',
    { class: `batch-tile status-${photo.status}`, 'data-id': photo.id, title: photo.error?.message ?? photo.context },
    h('img', { src: identificationImageUrl(photo.id), alt: photo.fileName ?? '', loading: 'lazy', decoding: 'async' }),
    h('span', { class: 'tile-name' }, photoCaption(photo)),
    h('span', { class: 'tile-meta' }, [photo.fileName, when].filter(Boolean).join(' · ')),
  );
}
