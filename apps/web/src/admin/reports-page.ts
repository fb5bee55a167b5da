import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { ApiError } from '../api/http';
import { type AdminReport, fetchOpenReports, reportImageUrl, resolveReport } from '../api/reports';
import { byId, h } from '../dom';
import { formatDateTime, formatPercent } from '../format';
import { identifiedByText } from '../review/review-panel';

/** Admins only: the open reports of wrong identifications, oldest first, each with the photo, the answer, and Resolve. */
export class ReportsPage {
  private readonly section = byId('reports-page');
  private readonly list = byId('reports-list');
  private readonly empty = byId('reports-empty');
  private readonly error = byId('reports-error');
  private readonly more = byId<HTMLButtonElement>('reports-more');
  private cursor: string | null = null;

  constructor() {
    this.more.addEventListener('click', () => void this.load());
  }

  async show(): Promise<void> {
    this.section.hidden = false;
    this.list.replaceChildren();
    this.cursor = null;
    await this.load();
  }

  hide(): void {
    this.section.hidden = true;
    this.list.replaceChildren();
  }

  private async load(): Promise<void> {
    this.error.hidden = true;
    this.more.disabled = true;
    try {
      const page = await fetchOpenReports(this.cursor);
      this.list.append(...page.items.map((report) => this.entry(report)));
      this.cursor = page.nextCursor;
    } catch (error) {
      this.showError(`The reports could not be loaded. ${error instanceof ApiError ? error.message : ''}`.trim());
    } finally {
      this.more.disabled = false;
      this.more.hidden = this.cursor === null;
      this.empty.hidden = this.list.children.length > 0;
    }
  }

  private entry(report: AdminReport): HTMLLIElement {
    const imageUrl = reportImageUrl(report);
    const resolve = h('button', { type: 'button', class: 'button primary' }, 'Resolve');
    const item = h(
      'li',
      { class: 'report-entry', 'data-id': report.id, 'aria-label': `Report of ${formatDateTime(report.createdAt)}` },
      imageUrl ? h('img', { class: 'report-photo', src: imageUrl, alt: 'The reported photo', loading: 'lazy' }) : h('p', { class: 'fine-print' }, 'The photo is no longer kept.'),
      h(
        'div',
        { class: 'report-text' },
        h('p', { class: 'report-answer' }, h('strong', {}, 'Answer: '), answerText(report.identification)),
        h('p', {}, h('strong', {}, 'Report: '), report.reason),
        report.suggestedName ? h('p', {}, h('strong', {}, 'Suggested name: '), report.suggestedName) : undefined,
        h('p', { class: 'fine-print' }, [`Reported ${formatDateTime(report.createdAt)}`, report.model && `model ${report.model}`].filter(Boolean).join(' · ')),
        resolve,
      ),
    );
    resolve.addEventListener('click', () => void this.resolve(report, item, resolve));
    return item;
  }

  private async resolve(report: AdminReport, item: HTMLLIElement, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await resolveReport(report.id);
      item.remove();
      this.empty.hidden = this.list.children.length > 0;
    } catch (error) {
      button.disabled = false;
      this.showError(error instanceof ApiError ? error.message : 'The report could not be resolved. Please try again.');
    }
  }

  private showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
  }
}

/** What the model answered (and what the owner made of it). */
function answerText(view: IdentificationView): string {
  const result = view.result;
  if (!result) return view.error?.message ?? 'No answer.';
  if (!result.isAnimal) return 'No animal found.';
  const name = [result.commonName, result.scientificName && `(${result.scientificName})`].filter(Boolean).join(' ');
  const confidence = result.confidence !== undefined ? `, ${formatPercent(result.confidence)}` : '';
  return `${name}${confidence}. ${view.review ? identifiedByText(view, 'the owner') : ''}`.trim();
}
