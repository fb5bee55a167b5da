import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { ApiError } from '../api/http';
import { type CreatedIdentification, type PhotoUpload, uploadPhoto } from '../api/identifications';
import { byId, h, replaceChildren } from '../dom';
import { queueText } from '../format';
import type { ConnectionState, LiveUpdates } from '../live/live-updates';
import { PENDING_TEXT, type PendingStep, progressSteps } from '../result/outcome-cards';
import { partialGuess, partialGuessText } from '../result/partial-guess';
import { outcomeSummary, renderOutcome } from '../result/render-outcome';
import { preparePhoto } from './prepare-photo';

interface CurrentPhoto {
  file: File;
  previewUrl: string;
  upload?: PhotoUpload;
  id?: string;
  accessToken?: string;
  finished?: boolean;
}

export interface CurrentIdentificationHooks {
  onCreated(created: CreatedIdentification): void;
  onUploadFailed(message: string): void;
  /** What goes under the finished card (the review, a report button), given the upload's access token. */
  extrasFor(view: IdentificationView, accessToken: string): Node[];
}

/** The photo just picked: its preview, upload progress, live status and finally its result card. */
export class CurrentIdentification {
  private readonly panel = byId('current');
  private readonly preview = byId<HTMLImageElement>('preview');
  private readonly progress = byId<HTMLProgressElement>('upload-progress');
  private readonly steps = byId('current-steps');
  private readonly status = byId('current-status');
  private readonly result = byId('current-result');
  private readonly connectionNote = byId('connection-note');
  private readonly useExif = byId<HTMLInputElement>('use-exif');
  private current?: CurrentPhoto;

  constructor(
    private readonly live: LiveUpdates,
    private readonly hooks: CurrentIdentificationHooks,
  ) {
    this.preview.addEventListener('error', () => this.preview.classList.add('no-preview'));
  }

  async start(file: File): Promise<void> {
    this.clear();
    const photo: CurrentPhoto = { file, previewUrl: URL.createObjectURL(file) };
    this.current = photo;
    this.preview.classList.remove('no-preview');
    this.preview.src = photo.previewUrl;
    this.panel.hidden = false;
    this.showStep('uploading');
    this.progress.hidden = false;
    this.progress.value = 0;
    this.panel.scrollIntoView({ block: 'nearest', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    try {
      const useExif = this.useExif.checked;
      // Resizing in the browser drops the EXIF block: the server must see the original to read its time and place.
      const prepared = useExif ? { blob: file, filename: file.name || 'photo.jpg' } : await preparePhoto(file);
      if (this.current !== photo) return;
      photo.upload = uploadPhoto(prepared.blob, prepared.filename, (fraction) => (this.progress.value = Math.round(fraction * 100)), useExif);
      const created = await photo.upload.done;
      if (this.current !== photo) return;
      photo.id = created.id;
      photo.accessToken = created.accessToken;
      this.progress.hidden = true;
      this.showStep('queued');
      this.hooks.onCreated(created);
      this.live.follow(created.id, created.accessToken);
      this.setConnection(this.live.state);
    } catch (error) {
      if (this.current !== photo) return; // replaced by a newer photo: its own outcome counts
      this.clear();
      this.hooks.onUploadFailed(error instanceof ApiError ? error.message : 'The upload failed. Please try again.');
    }
  }

  update(view: IdentificationView): void {
    const photo = this.current;
    if (!photo || view.id !== photo.id || photo.finished) return;
    if (view.status === 'queued' || view.status === 'processing') return this.showPending(view);
    photo.finished = true;
    replaceChildren(this.steps, progressSteps('done'));
    this.status.textContent = outcomeSummary(view);
    this.connectionNote.hidden = true;
    replaceChildren(
      this.result,
      renderOutcome(view, { retry: () => void this.start(photo.file) }),
      view.context && h('p', { class: 'capture-context' }, `Time and place used: ${view.context}`),
      ...(view.status === 'completed' && photo.accessToken ? this.hooks.extrasFor(view, photo.accessToken) : []),
    );
  }

  setConnection(state: ConnectionState): void {
    const waiting = Boolean(this.current?.id && !this.current.finished);
    this.connectionNote.hidden = state === 'live' || !waiting;
  }

  /** Waiting: why, when identification is paused on the server; the model's first guess as soon as it names one. */
  private showPending(view: IdentificationView): void {
    this.showStep(view.status as PendingStep);
    if (view.status === 'queued' && view.queue) this.status.textContent = queueText(view.queue);
    if (view.notice) this.status.textContent = view.notice.message;
    if (view.partial) {
      this.status.textContent = partialGuessText(view.partial);
      replaceChildren(this.result, partialGuess(view.partial));
    }
  }

  private showStep(step: PendingStep): void {
    replaceChildren(this.steps, progressSteps(step));
    this.status.textContent = PENDING_TEXT[step];
  }

  private clear(): void {
    const previous = this.current;
    this.current = undefined;
    if (previous) {
      previous.upload?.abort();
      if (previous.id && !previous.finished) this.live.unfollow(previous.id);
      URL.revokeObjectURL(previous.previewUrl);
    }
    this.panel.hidden = true;
    this.result.replaceChildren();
    this.connectionNote.hidden = true;
  }
}

function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
