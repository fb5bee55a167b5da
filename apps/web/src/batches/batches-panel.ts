import type { BatchEvent, BatchPhoto } from '@wildid/common/batches/batch-view';
import { type BatchSummary, type BatchView, getBatch, listBatches } from '../api/batches';
import { ApiError } from '../api/http';
import { byId, h, replaceChildren } from '../dom';
import { formatDateTime } from '../format';
import { BatchForm } from './batch-form';
import { BatchUploads } from './batch-uploads';
import { BatchPage } from './batch-view';

export interface BatchesPanelHooks {
  announce(message: string): void;
  openPhoto(id: string): void;
  reviewEvent(batchId: string, eventId: string, photos: BatchPhoto[]): void;
}

/** The signed-in person's batches: the list to reopen one, the "New batch" form, and the open batch. */
export class BatchesPanel {
  private readonly panel = byId('batches');
  private readonly list = byId('batch-list');
  private readonly page = new BatchPage({
    onDeleted: () => {
      this.page.close();
      void this.refreshList();
    },
    onRenamed: () => void this.refreshList(),
    onError: (message) => this.hooks.announce(message),
    openPhoto: (id) => this.hooks.openPhoto(id),
    reviewEvent: (batchId, eventId, photos) => this.hooks.reviewEvent(batchId, eventId, photos),
  });
  private readonly uploads = new BatchUploads(() => void this.page.refresh());

  constructor(private readonly hooks: BatchesPanelHooks) {
    new BatchForm((batch, files) => void this.started(batch, files));
  }

  async show(): Promise<void> {
    this.panel.hidden = false;
    await this.refreshList();
  }

  hide(): void {
    this.panel.hidden = true;
    this.page.close();
    this.uploads.clear();
    this.list.replaceChildren();
  }

  /** A photo of some batch changed (live, or reviewed here): the open batch is re-read soon. */
  photoChanged(): void {
    this.page.photoChanged();
  }

  batchChanged(event: BatchEvent): void {
    this.page.batchChanged(event);
  }

  private async started(batch: BatchView, files: Parameters<BatchUploads['send']>[1]): Promise<void> {
    this.uploads.clear();
    await this.page.open(batch);
    void this.refreshList();
    await this.uploads.send(batch.id, files);
    await this.refreshList();
  }

  private async open(summary: BatchSummary): Promise<void> {
    this.uploads.clear();
    try {
      await this.page.open(await getBatch(summary.id));
    } catch (error) {
      return this.hooks.announce(error instanceof ApiError ? error.message : 'The batch could not be opened.');
    }
    byId('batch-title').focus();
  }

  private async refreshList(): Promise<void> {
    try {
      const { items } = await listBatches();
      replaceChildren(this.list, ...items.map((batch) => this.entry(batch)));
    } catch (error) {
      this.hooks.announce(error instanceof ApiError ? error.message : 'Your batches could not be loaded.');
    }
  }

  private entry(batch: BatchSummary): HTMLLIElement {
    const kind = batch.kind === 'camera-trap' ? 'Camera trap' : 'Trip';
    const button = h('button', { type: 'button', class: 'entry-card batch-entry' }, h('strong', {}, batch.name), h('span', { class: 'fine-print' }, `${kind} · ${formatDateTime(batch.createdAt)}`));
    button.addEventListener('click', () => void this.open(batch));
    return h('li', { 'data-id': batch.id }, button);
  }
}
