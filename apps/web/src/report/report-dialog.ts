import { ApiError } from '../api/http';
import { reportIdentification } from '../api/reports';
import { byId, h, icon } from '../dom';

/** "Report a wrong identification": a reason and, optionally, what the animal is; for owners and anonymous uploaders alike. */
export class ReportDialog {
  private readonly dialog = byId<HTMLDialogElement>('report-dialog');
  private readonly form = byId<HTMLFormElement>('report-form');
  private readonly reason = byId<HTMLTextAreaElement>('report-reason');
  private readonly suggestedName = byId<HTMLInputElement>('report-name');
  private readonly submit = byId<HTMLButtonElement>('report-submit');
  private readonly error = byId('report-error');
  private readonly sent = byId('report-sent');
  private target?: { id: string; accessToken?: string };

  constructor() {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.reason.addEventListener('input', () => (this.error.hidden = true));
    for (const button of this.dialog.querySelectorAll('[data-close]')) button.addEventListener('click', () => this.dialog.close());
  }

  /** The button under a result that opens this dialog for it. */
  button(id: string, accessToken?: string): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'link-button report-button' }, icon('warning'), 'Report a wrong identification');
    button.addEventListener('click', () => this.open(id, accessToken));
    return button;
  }

  open(id: string, accessToken?: string): void {
    this.target = { id, accessToken };
    this.form.reset();
    this.form.hidden = false;
    this.sent.hidden = true;
    this.error.hidden = true;
    this.dialog.showModal();
    this.reason.focus();
  }

  private async send(): Promise<void> {
    const target = this.target;
    const reason = this.reason.value.trim();
    if (!target) return;
    if (!reason) return this.showError('Say what is wrong with this identification.');
    const suggestedName = this.suggestedName.value.trim();
    this.submit.disabled = true;
    this.error.hidden = true;
    try {
      await reportIdentification(target.id, { reason, ...(suggestedName ? { suggestedName } : {}) }, target.accessToken);
      this.form.hidden = true;
      this.sent.hidden = false;
      byId('report-sent-heading').focus();
    } catch (error) {
      this.showError(error instanceof ApiError ? error.message : 'The report could not be sent. Please try again.');
    } finally {
      this.submit.disabled = false;
    }
  }

  private showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
    this.reason.focus();
  }
}
