import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { ApiError } from '../api/http';
import { deleteIdentification, getIdentification, identificationImageUrl } from '../api/identifications';
import { byId, h, replaceChildren } from '../dom';
import { formatDateTime } from '../format';
import { PENDING_TEXT, progressSteps } from '../result/outcome-cards';
import { renderOutcome } from '../result/render-outcome';
import type { ReportDialog } from '../report/report-dialog';
import { type ReviewPanelHooks, reviewPanel } from '../review/review-panel';

export interface DetailDialogHooks extends ReviewPanelHooks {
  onDeleted(id: string): void;
}

/** One of the person's identifications (from the history or a batch): its full card, their review, a report, a guarded delete. */
export class DetailDialog {
  private readonly dialog = byId<HTMLDialogElement>('detail-dialog');
  private readonly body = byId('detail-body');
  private readonly date = byId('detail-date');
  private readonly deleteButton = byId<HTMLButtonElement>('detail-delete');
  private readonly confirm = byId('detail-confirm');
  private readonly confirmButton = byId<HTMLButtonElement>('detail-confirm-delete');
  private readonly error = byId('detail-error');
  private openId?: string;
  /** What the dialog shows now: an event for the same state (e.g. the echo of a review made here) changes nothing. */
  private shownState?: string;

  constructor(
    private readonly hooks: DetailDialogHooks,
    private readonly reports: ReportDialog,
  ) {
    for (const button of this.dialog.querySelectorAll('[data-close]')) button.addEventListener('click', () => this.dialog.close());
    this.deleteButton.addEventListener('click', () => this.askToConfirm(true));
    byId('detail-cancel-delete').addEventListener('click', () => this.askToConfirm(false));
    this.confirmButton.addEventListener('click', () => void this.delete());
    this.dialog.addEventListener('close', () => (this.openId = undefined));
  }

  async open(id: string): Promise<void> {
    this.openId = id;
    this.askToConfirm(false);
    this.error.hidden = true;
    this.date.textContent = '';
    replaceChildren(this.body, h('p', { class: 'status-text' }, 'Loading…'));
    if (!this.dialog.open) this.dialog.showModal();
    try {
      this.show(await getIdentification(id));
    } catch (error) {
      if (this.openId !== id) return;
      replaceChildren(this.body, h('p', { class: 'form-error' }, error instanceof ApiError ? error.message : 'This identification could not be loaded.'));
    }
  }

  /** Live changes of the open identification: its status, or a review made here or on another device. */
  update(view: IdentificationView): void {
    if (view.id === this.openId && stateOf(view) !== this.shownState) this.show(view);
  }

  private show(view: IdentificationView): void {
    if (view.id !== this.openId) return;
    this.shownState = stateOf(view);
    this.date.textContent = `Uploaded ${formatDateTime(view.createdAt)}`;
    const card = renderOutcome(view, { photoUrl: identificationImageUrl(view.id) });
    if (card) return replaceChildren(this.body, card, ...(view.status === 'completed' ? [reviewPanel(view, { ...this.hooks, onReviewed: (next) => this.reviewed(next) }), this.reports.button(view.id)] : []));
    const step = view.status === 'processing' ? 'processing' : 'queued';
    replaceChildren(this.body, progressSteps(step), h('p', { class: 'status-text' }, PENDING_TEXT[step]));
  }

  /** The panel shows the review already; the rest of the page learns of it too. */
  private reviewed(view: IdentificationView): void {
    if (view.id === this.openId) this.shownState = stateOf(view);
    this.hooks.onReviewed(view);
  }

  private askToConfirm(asking: boolean): void {
    this.confirm.hidden = !asking;
    this.deleteButton.hidden = asking;
    if (asking) this.confirmButton.focus();
  }

  private async delete(): Promise<void> {
    const id = this.openId;
    if (!id) return;
    this.confirmButton.disabled = true;
    try {
      await deleteIdentification(id);
      this.dialog.close();
      this.hooks.onDeleted(id);
    } catch (error) {
      this.error.textContent = error instanceof ApiError ? error.message : 'Could not delete it. Please try again.';
      this.error.hidden = false;
    } finally {
      this.confirmButton.disabled = false;
    }
  }
}

function stateOf(view: IdentificationView): string {
  return `${view.status}|${view.review?.at ?? ''}`;
}
