import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { type HistoryItem, fetchHistoryPage } from '../api/account';
import { ApiError } from '../api/http';
import { type CreatedIdentification, identificationImageUrl } from '../api/identifications';
import { byId } from '../dom';
import { historyExportUrl } from '../api/exports';
import { exportMenu } from '../exports/export-menu';
import type { ReviewFilter } from '../api/reviews';
import { historyTile } from './history-tile';
import { fillReviewFilter } from '../review/review-filter-select';

/**
 * The signed-in person's identifications, newest first. Older pages load as
 * the "Show older" button scrolls into view (or when it is pressed), and
 * entries follow live status changes.
 */
export class HistoryPanel {
  private readonly section = byId('history');
  private readonly grid = byId('history-grid');
  private readonly empty = byId('history-empty');
  private readonly emptyText = this.empty.textContent ?? '';
  private readonly more = byId<HTMLButtonElement>('history-more');
  private readonly error = byId('history-error');
  private readonly filterSelect = fillReviewFilter(byId<HTMLSelectElement>('history-review-filter'));
  private readonly items = new Map<string, HistoryItem>();
  private readonly observer: IntersectionObserver;
  private cursor: string | null = null;
  private exhausted = false;
  private loading = false;
  /** Bumped on reset, so a page requested before sign-out is not shown after it. */
  private generation = 0;

  constructor(private readonly open: (id: string) => void) {
    this.filterSelect.addEventListener('change', () => void this.show());
    byId('history-actions').append(exportMenu(['csv', 'dwca'], historyExportUrl));
    this.more.addEventListener('click', () => void this.loadMore());
    this.observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && void this.loadMore(), {
      rootMargin: '300px',
    });
    this.observer.observe(this.more);
  }

  async show(): Promise<void> {
    this.reset();
    this.section.hidden = false;
    await this.loadMore();
  }

  hide(): void {
    this.filterSelect.value = ''; // the next person to sign in starts from everything
    this.reset();
    this.section.hidden = true;
  }

  /** Loads again from the newest, e.g. after the connection was lost and events may have been missed. */
  async refresh(): Promise<void> {
    if (!this.section.hidden) await this.show();
  }

  async loadMore(): Promise<void> {
    if (this.loading || this.exhausted || this.section.hidden) return;
    const generation = this.generation;
    this.loading = true;
    this.renderControls();
    try {
      const page = await fetchHistoryPage(this.cursor, this.filter);
      if (generation !== this.generation) return;
      for (const item of page.items) if (!this.items.has(item.id)) this.put(item, 'end');
      this.cursor = page.nextCursor;
      this.exhausted = page.nextCursor === null;
      this.error.hidden = true;
      // Observing again reports whether the button is still in view: then the next page loads too, until the screen is full.
      // Not after a failure: that would retry in a tight loop; the button retries when pressed.
      this.observer.unobserve(this.more);
      this.observer.observe(this.more);
    } catch (error) {
      if (generation !== this.generation) return;
      this.error.textContent = `Your history could not be loaded. ${error instanceof ApiError ? error.message : ''}`.trim();
      this.error.hidden = false;
    } finally {
      if (generation === this.generation) this.loading = false;
      this.renderControls();
    }
  }

  /** The names seen in the history loaded so far: suggestions when correcting. */
  names(): Array<{ commonName?: string; scientificName?: string }> {
    return [...this.items.values()].map((item) => item.identifiedAs ?? { commonName: item.commonName, scientificName: item.scientificName });
  }

  addNew(created: CreatedIdentification): void {
    if (this.filter) return; // a new upload is in none of the reviewed lists yet; "All" shows it
    this.put({ id: created.id, status: 'queued', createdAt: new Date().toISOString(), imageUrl: identificationImageUrl(created.id) }, 'start');
  }

  update(view: IdentificationView): void {
    if (this.section.hidden) return;
    const known = this.items.get(view.id);
    // A signed-in socket hears about every upload of this person, from other tabs and devices too:
    // new ones go on top; an older one not loaded yet comes with its page.
    if (!known && (this.filter || !this.isNewest(view.createdAt))) return;
    const base: HistoryItem = known ?? { id: view.id, status: view.status, createdAt: view.createdAt, imageUrl: identificationImageUrl(view.id) };
    const result = view.result;
    this.put(
      {
        ...base,
        status: view.status,
        completedAt: view.completedAt,
        isAnimal: result?.isAnimal,
        commonName: result?.commonName,
        scientificName: result?.scientificName,
        confidence: result?.confidence,
        conservationStatus: result?.conservationStatus,
        errorCode: view.error?.code,
        review: view.review,
        identifiedAs: view.identifiedAs,
        // Settled by a confirmation or a correction; otherwise the server's word stands until the next load.
        needsLook: view.review && view.review.verdict !== 'unsure' ? undefined : base.needsLook,
      },
      'start',
    );
  }

  remove(id: string): void {
    this.items.delete(id);
    this.tileOf(id)?.remove();
    this.renderControls();
  }

  private get filter(): ReviewFilter | undefined {
    return (this.filterSelect.value || undefined) as ReviewFilter | undefined;
  }

  private isNewest(createdAt: string): boolean {
    if (this.items.size === 0) return this.exhausted;
    return [...this.items.values()].every((item) => item.createdAt <= createdAt);
  }

  /** Replaces the entry in place when it is shown already, else adds it at one end. */
  private put(item: HistoryItem, end: 'start' | 'end'): void {
    this.items.set(item.id, item);
    const tile = historyTile(item, this.open);
    const existing = this.tileOf(item.id);
    if (existing) existing.replaceWith(tile);
    else if (end === 'start') this.grid.prepend(tile);
    else this.grid.append(tile);
    this.renderControls();
  }

  private tileOf(id: string): Element | undefined {
    return [...this.grid.children].find((tile) => tile.getAttribute('data-id') === id);
  }

  private renderControls(): void {
    this.empty.hidden = this.items.size > 0 || !this.exhausted;
    this.empty.textContent = this.filter ? 'None of your identifications is in this list.' : this.emptyText;
    this.more.hidden = this.exhausted;
    this.more.disabled = this.loading;
    this.more.textContent = this.loading ? 'Loading…' : 'Show older identifications';
  }

  private reset(): void {
    this.generation++;
    this.items.clear();
    this.grid.replaceChildren();
    this.cursor = null;
    this.exhausted = false;
    this.loading = false;
    this.error.hidden = true;
    this.renderControls();
  }
}
