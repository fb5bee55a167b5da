import type { BatchEvent, BatchPhoto } from '@wildid/common/batches/batch-view';
import { type BatchView, batchPhotos, deleteBatch, getBatch, renameBatch } from '../api/batches';
import { batchExportUrl } from '../api/exports';
import { ApiError } from '../api/http';
import type { ReviewFilter } from '../api/reviews';
import { byId, replaceChildren } from '../dom';
import { exportMenu } from '../exports/export-menu';
import { formatSeconds } from '../format';
import { type GridFilter, isBlank, renderGrid } from './batch-grid';
import { fillReviewFilter } from '../review/review-filter-select';

export interface BatchPageHooks {
  onDeleted(): void;
  onRenamed(): void;
  onError(message: string): void;
  openPhoto(id: string): void;
  reviewEvent(batchId: string, eventId: string, photos: BatchPhoto[]): void;
}

/** Re-reads of the batch and its photos after live events: at most one per second. */
const REFRESH_GAP_MS = 1_000;
/** While photos wait, a re-read this often even when no event arrives (socket down, events missed). */
const POLL_MS = 4_000;

/**
 * One open batch: its counts and ETA, the live grid of its photos grouped by
 * event, filters, rename and delete. Per-photo `identification` events and
 * `batch` events both lead to a throttled re-read, so the page is right with
 * either (or neither) of them.
 */
export class BatchPage {
  private readonly view = byId('batch-view');
  private readonly title = byId('batch-title');
  private readonly counts = byId('batch-counts');
  private readonly grid = byId('batch-grid');
  private readonly filterButtons = [...this.view.querySelectorAll<HTMLButtonElement>('[data-filter]')];
  private readonly reviewSelect = fillReviewFilter(byId<HTMLSelectElement>('batch-review-filter'));
  private readonly exportArea = byId('batch-export');
  private batch?: BatchView;
  private photos: BatchPhoto[] = [];
  private filter: GridFilter = 'photos';
  private refreshTimer: number | undefined;
  private lastRefresh = 0;

  constructor(private readonly hooks: BatchPageHooks) {
    this.reviewSelect.addEventListener('change', () => void this.refresh());
    for (const button of this.filterButtons) button.addEventListener('click', () => this.setFilter(button.dataset.filter as GridFilter));
    byId('batch-rename').addEventListener('click', () => void this.rename());
    byId('batch-delete').addEventListener('click', () => void this.remove());
  }

  get openId(): string | undefined {
    return this.batch?.id;
  }

  async open(batch: BatchView): Promise<void> {
    this.batch = batch;
    this.photos = [];
    this.title.textContent = batch.name;
    this.view.hidden = false;
    this.reviewSelect.value = '';
    const formats = batch.kind === 'camera-trap' ? (['csv', 'dwca', 'camtrap-dp'] as const) : (['csv', 'dwca'] as const);
    replaceChildren(this.exportArea, exportMenu([...formats], (format, links) => batchExportUrl(batch.id, format, links)));
    this.setFilter('photos');
    this.showCounts(batch);
    await this.refresh();
  }

  close(): void {
    this.batch = undefined;
    this.view.hidden = true;
    window.clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  /** A photo of some batch changed (the event names no batch): re-read this one soon. */
  photoChanged(): void {
    if (this.batch) this.scheduleRefresh();
  }

  batchChanged(event: BatchEvent): void {
    if (event.id !== this.batch?.id) return;
    this.showCounts({ ...this.batch, counts: event.counts, eta: event.eta });
    this.scheduleRefresh();
  }

  private scheduleRefresh(delay = Math.max(0, this.lastRefresh + REFRESH_GAP_MS - Date.now())): void {
    if (this.refreshTimer !== undefined) return;
    this.refreshTimer = window.setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, delay);
  }

  async refresh(): Promise<void> {
    const id = this.batch?.id;
    if (!id) return;
    this.lastRefresh = Date.now();
    try {
      const review = (this.reviewSelect.value || undefined) as ReviewFilter | undefined;
      const [batch, photos] = await Promise.all([getBatch(id), batchPhotos(id, review)]);
      if (this.batch?.id !== id || (this.reviewSelect.value || undefined) !== review) return; // superseded
      this.batch = batch;
      this.photos = photos;
      this.showCounts(batch);
      this.showGrid();
      if (batch.counts.queued + batch.counts.processing > 0) this.scheduleRefresh(POLL_MS);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return this.hooks.onDeleted();
      this.scheduleRefresh(POLL_MS);
    }
  }

  private showCounts(batch: BatchView): void {
    const { total, queued, processing, completed, failed, noAnimal } = batch.counts;
    const waiting = queued + processing;
    const parts = [
      `${total} ${total === 1 ? 'photo' : 'photos'}`,
      `${completed - noAnimal} with an animal`,
      `${noAnimal} blank`,
      `${failed} failed`,
      waiting > 0 && `${waiting} to go`,
      waiting > 0 && batch.eta && `about ${formatSeconds(batch.eta.seconds)} left`,
    ];
    this.counts.textContent = parts.filter(Boolean).join(' · ');
    this.buttonFor('blanks').textContent = `Blanks (${noAnimal})`;
    this.buttonFor('failed').textContent = `Failed (${failed})`;
  }

  private showGrid(): void {
    const items = renderGrid(this.photos, this.filter, {
      openPhoto: (photoId) => this.hooks.openPhoto(photoId),
      reviewEvent: (eventId, photos) => this.batch && this.hooks.reviewEvent(this.batch.id, eventId, photos),
    });
    const hiddenBlanks = this.filter === 'photos' ? this.photos.filter(isBlank).length : 0;
    replaceChildren(this.grid, ...items);
    this.grid.dataset.empty = items.length === 0 ? (hiddenBlanks > 0 ? 'Only blanks so far: see Blanks.' : 'No photos here.') : '';
  }

  private setFilter(filter: GridFilter): void {
    this.filter = filter;
    for (const button of this.filterButtons) button.setAttribute('aria-pressed', String(button.dataset.filter === filter));
    this.showGrid();
  }

  private buttonFor(filter: GridFilter): HTMLButtonElement {
    return this.filterButtons.find((button) => button.dataset.filter === filter)!;
  }

  private async rename(): Promise<void> {
    const batch = this.batch;
    const name = batch && window.prompt('New name for the batch', batch.name)?.trim();
    if (!batch || !name || name === batch.name) return;
    try {
      this.batch = await renameBatch(batch.id, name);
      this.title.textContent = this.batch.name;
      this.hooks.onRenamed();
    } catch (error) {
      this.hooks.onError(error instanceof ApiError ? error.message : 'The batch could not be renamed.');
    }
  }

  private async remove(): Promise<void> {
    const batch = this.batch;
    if (!batch || !window.confirm(`Delete “${batch.name}” and all its ${batch.counts.total} photos? This cannot be undone.`)) return;
    try {
      await deleteBatch(batch.id);
      this.close();
      this.hooks.onDeleted();
    } catch (error) {
      this.hooks.onError(error instanceof ApiError ? error.message : 'The batch could not be deleted.');
    }
  }
}
