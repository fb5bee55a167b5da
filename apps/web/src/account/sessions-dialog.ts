import { type SessionInfo, endSession, fetchSessions, signOutEverywhere } from '../api/account';
import { ApiError } from '../api/http';
import { byId, h, replaceChildren } from '../dom';
import { formatDateTime } from '../format';

export interface SessionsDialogHooks {
  /** This browser's session ended from the dialog; `message` says how. */
  onSignedOutHere(message: string): void;
}

/** "Your sessions": every browser signed in to the account, each with its own sign-out, and sign out everywhere. */
export class SessionsDialog {
  private readonly dialog = byId<HTMLDialogElement>('sessions-dialog');
  private readonly list = byId('sessions-list');
  private readonly error = byId('sessions-error');

  constructor(private readonly hooks: SessionsDialogHooks) {
    byId('sessions-everywhere').addEventListener('click', () => void this.endEverywhere());
    for (const button of this.dialog.querySelectorAll('[data-close]')) button.addEventListener('click', () => this.dialog.close());
  }

  async open(): Promise<void> {
    this.error.hidden = true;
    replaceChildren(this.list);
    this.dialog.showModal();
    await this.load();
  }

  private async load(): Promise<void> {
    try {
      replaceChildren(this.list, ...(await fetchSessions()).map((session) => this.row(session)));
    } catch (error) {
      this.fail(error, 'Could not load your sessions. Please try again.');
    }
  }

  private row(session: SessionInfo): HTMLLIElement {
    const name = describeBrowser(session.userAgent);
    const signOut = h('button', { type: 'button', class: 'button', 'aria-label': `Sign out ${name}${session.current ? ' (this browser)' : ''}` }, 'Sign out');
    signOut.addEventListener('click', () => void this.end(session));
    return h(
      'li',
      { class: 'session-row', 'data-session': session.id },
      h(
        'div',
        {},
        h('strong', {}, name),
        session.current ? h('span', { class: 'badge' }, 'This browser') : undefined,
        h('p', { class: 'fine-print' }, `Signed in ${formatDateTime(session.createdAt)} · last active ${formatDateTime(session.lastSeenAt)}`),
      ),
      signOut,
    );
  }

  private async end(session: SessionInfo): Promise<void> {
    try {
      await endSession(session.id);
    } catch (error) {
      return this.fail(error, 'Could not sign that session out. Please try again.');
    }
    if (!session.current) return this.load();
    this.dialog.close();
    this.hooks.onSignedOutHere('You are signed out.');
  }

  private async endEverywhere(): Promise<void> {
    try {
      await signOutEverywhere();
    } catch (error) {
      return this.fail(error, 'Could not sign out everywhere. Please try again.');
    }
    this.dialog.close();
    this.hooks.onSignedOutHere('You are signed out on every device.');
  }

  private fail(error: unknown, fallback: string): void {
    this.error.textContent = error instanceof ApiError ? error.message : fallback;
    this.error.hidden = false;
  }
}

const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox on Android" from a User-Agent, enough to tell one's own devices apart. */
export function describeBrowser(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (!browser) return system ? `A browser on ${system}` : userAgent.slice(0, 60);
  return system ? `${browser} on ${system}` : browser;
}
