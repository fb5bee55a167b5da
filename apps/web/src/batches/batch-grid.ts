import type { BatchPhoto } from '@wildid/common/batches/batch-view';
import { identificationImageUrl } from '../api/identifications';
import { h } from '../dom';
import { queueText } from '../format';
import { effectiveName, reviewBadge } from '../review/review-badge';

export interface GridActions {
  openPhoto(id: string): void;
  reviewEvent(eventId: string, photos: BatchPhoto[]): void;
}

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
      if (photo.result?.isAnimal === false && !photo.identifiedAs) return 'No animal';
      return effectiveName(photo) ?? photo.result?.commonName ?? photo.result?.scientificName ?? 'Unnamed animal';
  }
}

/**
 * The photos the filter keeps, grouped by event (a burst: photos taken within
 * BURST_GAP_SECONDS of each other share an eventId), in the order taken.
 */
export function renderGrid(photos: BatchPhoto[], filter: GridFilter, actions: GridActions): HTMLLIElement[] {
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
      h('div', { class: 'event-bar' }, label && h('p', { class: 'event-label' }, label), eventReviewButton(group, actions)),
      h('ul', { class: 'event-photos' }, ...group.map((photo) => photoTile(photo, actions))),
    );
  });
}

/** An event with a finished photo can be reviewed as one: all its photos show the same animals. */
function eventReviewButton(group: BatchPhoto[], actions: GridActions): HTMLButtonElement | undefined {
  const eventId = group[0]!.eventId;
  if (!eventId || group.length < 2 || !group.some((photo) => photo.status === 'completed')) return undefined;
  const button = h('button', { type: 'button', class: 'button' }, 'Review the event');
  button.addEventListener('click', () => actions.reviewEvent(eventId, group));
  return button;
}

function photoTile(photo: BatchPhoto, actions: GridActions): HTMLLIElement {
  const when = photo.capturedAt ? new Date(photo.capturedAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : undefined;
  const open = h(
    'button',
    { type: 'button', class: 'tile-open', title: photo.error?.message ?? photo.context },
    h('img', { src: identificationImageUrl(photo.id), alt: photo.fileName ?? '', loading: 'lazy', decoding: 'async' }),
    h('span', { class: 'tile-name' }, photoCaption(photo)),
    h('span', { class: 'tile-meta' }, [photo.fileName, when].filter(Boolean).join(' · ')),
    reviewBadge(photo),
  );
  open.addEventListener('click', () => actions.openPhoto(photo.id));
  return h('li', { class: `batch-tile status-${photo.status}`, 'data-id': photo.id }, open);
}
