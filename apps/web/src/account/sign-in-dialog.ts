import { requestSignInLink } from '../api/account';
import { ApiError } from '../api/http';
import { byId } from '../dom';

/** "Sign in with your email": sends the magic link, then says to check the inbox. */
export class SignInDialog {
  private readonly dialog = byId<HTMLDialogElement>('sign-in-dialog');
  private readonly form = byId<HTMLFormElement>('sign-in-form');
  private readonly email = byId<HTMLInputElement>('sign-in-email');
  private readonly submit = byId<HTMLButtonElement>('sign-in-submit');
  private readonly error = byId('sign-in-error');
  private readonly sent = byId('sign-in-sent');
  private readonly sentTo = byId('sign-in-sent-to');

  constructor() {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    byId('sign-in-again').addEventListener('click', () => this.showForm());
    for (const button of this.dialog.querySelectorAll('[data-close]')) button.addEventListener('click', () => this.dialog.close());
  }

  open(): void {
    this.showForm();
    this.dialog.showModal();
    this.email.focus();
  }

  private async send(): Promise<void> {
    const email = this.email.value.trim();
    this.submit.disabled = true;
    this.error.hidden = true;
    try {
      await requestSignInLink(email);
      this.sentTo.textContent = email;
      this.form.hidden = true;
      this.sent.hidden = false;
      byId('sign-in-sent-heading').focus();
    } catch (error) {
      this.error.textContent = error instanceof ApiError ? error.message : 'Could not send the sign-in link. Please try again.';
      this.error.hidden = false;
      this.email.focus();
    } finally {
      this.submit.disabled = false;
    }
  }

  private showForm(): void {
    this.form.hidden = false;
    this.sent.hidden = true;
    this.error.hidden = true;
  }
}
