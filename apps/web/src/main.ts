import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { AccountBar } from './account/account-bar';
import { keepUpload } from './account/anonymous-uploads';
import { loadSession } from './account/session';
import { SessionsDialog } from './account/sessions-dialog';
import { SignInDialog } from './account/sign-in-dialog';
import { type Account, signOut } from './api/account';
import { ApiError } from './api/http';
import { ReportsPage } from './admin/reports-page';
import { LifeListPage } from './life-list/life-list-page';
import { PageRouter } from './pages';
import { ReportDialog } from './report/report-dialog';
import { EventReviewDialog } from './review/event-review-dialog';
import { ownNames } from './review/own-names';
import { reviewPanel } from './review/review-panel';
import { reloadOnRebuild } from './dev/live-reload';
import { BatchesPanel } from './batches/batches-panel';
import { byId } from './dom';
import { DetailDialog } from './history/detail-dialog';
import { HistoryPanel } from './history/history-panel';
import { LiveUpdates } from './live/live-updates';
import { CurrentIdentification } from './upload/current-identification';
import { PhotoPicker } from './upload/photo-picker';

// Wires the page's parts together; each part owns one region of index.html.
let account: Account | null = null;
const notice = byId('notice');
const live = new LiveUpdates();
const reports = new ReportDialog();
const detail = new DetailDialog(
  {
    onDeleted(id) {
      history.remove(id);
      announce('The identification and its photo were deleted.');
      byId('history-heading').focus();
    },
    ownNames: () => ownNames(history.names()),
    onReviewed,
  },
  reports,
);
const history = new HistoryPanel((id) => void detail.open(id));
const picker = new PhotoPicker((file) => void current.start(file));
const current = new CurrentIdentification(live, {
  onCreated(created) {
    if (account) history.addNew(created);
    else keepUpload({ id: created.id, accessToken: created.accessToken, createdAt: new Date().toISOString() });
  },
  onUploadFailed: (message) => picker.showError(message),
  extrasFor: (view, accessToken) => [account ? reviewPanel(view, { ownNames: () => ownNames(history.names()), onReviewed }) : undefined, reports.button(view.id, accessToken)].filter((node) => node !== undefined),
});
const eventReview = new EventReviewDialog({
  ownNames: () => ownNames(history.names()),
  onReviewed(updated, undone) {
    announce(`${updated} ${updated === 1 ? 'photo' : 'photos'} of the event ${undone ? 'back to the model\'s answer' : 'reviewed'}.`);
    batches.photoChanged();
    void history.refresh();
  },
});
const batches = new BatchesPanel({
  announce: (message) => announce(message),
  openPhoto: (id) => void detail.open(id),
  reviewEvent: (batchId, eventId, photos) => eventReview.open(batchId, eventId, photos),
});
const router = new PageRouter({ species: new LifeListPage((id) => void detail.open(id)), reports: new ReportsPage() });
const signInDialog = new SignInDialog();
const sessionsDialog = new SessionsDialog({ onSignedOutHere: (message) => signedOut(message) });
const accountBar = new AccountBar({
  onSignInRequested: () => signInDialog.open(),
  onSignOutRequested: () => void endSession(),
  onSessionsRequested: () => void sessionsDialog.open(),
});

live.onView((view) => {
  current.update(view);
  history.update(view);
  detail.update(view);
  batches.photoChanged();
});
live.onBatch((event) => batches.batchChanged(event));
// A message about the page left behind would mislead on the next one.
window.addEventListener('hashchange', () => announce(''));
let wasLive = false;
live.onState((state) => {
  current.setConnection(state);
  // Back after a lost connection: history events of the gap were missed, so reload it.
  if (state === 'live' && wasLive) void history.refresh();
  if (state === 'live') wasLive = true;
});

/** A review saved here shows in the history and the open batch at once, before the server's event for it arrives. */
function onReviewed(view: IdentificationView): void {
  history.update(view);
  batches.photoChanged();
}

function announce(message: string): void {
  notice.textContent = message;
  notice.hidden = message === '';
}

function showAccount(next: Account | null): void {
  account = next;
  accountBar.render(next);
  router.setAccount(next);
  byId('anonymous-note').hidden = next !== null;
  if (next) {
    void history.show();
    void batches.show();
  } else {
    history.hide();
    batches.hide();
  }
}

async function endSession(): Promise<void> {
  try {
    await signOut();
  } catch (error) {
    return announce(error instanceof ApiError ? error.message : 'Signing out failed. Please try again.');
  }
  signedOut('You are signed out.');
}

function signedOut(message: string): void {
  showAccount(null);
  live.reconnect(); // the socket must stop receiving this account's events
  announce(message);
}

async function start(): Promise<void> {
  reloadOnRebuild();
  try {
    const session = await loadSession();
    showAccount(session.account);
    if (session.claimed > 0) {
      const photos = session.claimed === 1 ? 'photo' : 'photos';
      announce(`${session.claimed} ${photos} you identified on this device before signing in ${session.claimed === 1 ? 'was' : 'were'} added to your history.`);
    }
  } catch (error) {
    showAccount(null);
    announce(error instanceof ApiError ? error.message : 'Could not check whether you are signed in.');
  }
}

void start();
