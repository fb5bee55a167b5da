import type { Account } from '../api/account';
import { byId, h, icon, replaceChildren } from '../dom';

export interface AccountBarHooks {
  onSignInRequested(): void;
  onSignOutRequested(): void;
  onSessionsRequested(): void;
}

/** The header's account area: a sign-in button, or who is signed in (opening the sessions), sign out, and the admin links. */
export class AccountBar {
  private readonly area = byId('account');

  constructor(private readonly hooks: AccountBarHooks) {}

  render(account: Account | null): void {
    this.area.classList.toggle('signed-in', account !== null);
    if (!account) {
      const signIn = h('button', { type: 'button', class: 'button primary' }, icon('user'), 'Sign in');
      signIn.addEventListener('click', () => this.hooks.onSignInRequested());
      return replaceChildren(this.area, signIn);
    }
    const signOut = h('button', { type: 'button', class: 'button' }, 'Sign out');
    signOut.addEventListener('click', () => this.hooks.onSignOutRequested());
    const who = h(
      'button',
      { type: 'button', class: 'who', title: `${account.email}: your sessions` },
      icon('user'),
      h('span', { class: 'visually-hidden' }, 'Signed in as '),
      h('span', { class: 'email' }, account.email),
      h('span', { class: 'visually-hidden' }, ': manage sessions'),
    );
    who.addEventListener('click', () => this.hooks.onSessionsRequested());
    replaceChildren(
      this.area,
      who,
      account.isAdmin ? h('a', { class: 'button', href: 'admin/queues' }, icon('queue'), 'Queue dashboard') : undefined,
      account.isAdmin ? h('a', { class: 'button', href: '#reports' }, icon('warning'), 'Reports') : undefined,
      signOut,
    );
  }
}
