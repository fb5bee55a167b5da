import { type BatchView, type NewBatch, createBatch } from '../api/batches';
import { ApiError } from '../api/http';
import { byId } from '../dom';

/** What was picked: photos (one by one or a folder's) and zips, each zip sent alone as an `archive`. */
export interface ChosenFiles {
  photos: File[];
  archives: File[];
}

/**
 * The "New batch" form: name, kind, an optional place (typed, or the device's
 * location), the camera's zone and clock error, then the photos, a folder or a zip
 * (picked, or dropped on the form).
 */
export class BatchForm {
  private readonly form = byId<HTMLFormElement>('batch-form');
  private readonly error = byId('batch-form-error');
  private readonly chosenNote = byId('batch-chosen');
  private readonly latitude = byId<HTMLInputElement>('batch-latitude');
  private readonly longitude = byId<HTMLInputElement>('batch-longitude');
  private chosen: ChosenFiles = { photos: [], archives: [] };

  constructor(private readonly onStarted: (batch: BatchView, files: ChosenFiles) => void) {
    byId('batch-new').addEventListener('click', () => this.open());
    byId('batch-locate').addEventListener('click', () => this.locate());
    for (const id of ['batch-files', 'batch-folder', 'batch-zip']) {
      const input = byId<HTMLInputElement>(id);
      input.addEventListener('change', () => {
        for (const file of input.files ?? []) this.choose(file);
        input.value = '';
        this.showChosen();
      });
    }
    this.form.addEventListener('drop', (event) => {
      event.preventDefault();
      for (const file of event.dataTransfer?.files ?? []) this.choose(file);
      this.showChosen();
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  open(): void {
    this.form.reset();
    this.chosen = { photos: [], archives: [] };
    this.showChosen();
    this.showError('');
    this.form.hidden = false;
    byId('batch-name').focus();
  }

  private choose(file: File): void {
    if (/\.zip$/i.test(file.name) || file.type === 'application/zip') this.chosen.archives.push(file);
    else this.chosen.photos.push(file);
  }

  private showChosen(): void {
    const { photos, archives } = this.chosen;
    const parts = [photos.length > 0 && `${photos.length} ${photos.length === 1 ? 'file' : 'files'}`, archives.length > 0 && `${archives.length} ${archives.length === 1 ? 'zip' : 'zips'}`];
    this.chosenNote.textContent = parts.some(Boolean) ? `Chosen: ${parts.filter(Boolean).join(' and ')}.` : 'No files chosen yet.';
  }

  private locate(): void {
    if (!('geolocation' in navigator)) return this.showError('This browser cannot tell where you are. Type the coordinates instead.');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.latitude.value = position.coords.latitude.toFixed(5);
        this.longitude.value = position.coords.longitude.toFixed(5);
      },
      () => this.showError('Your location is not available (permission refused or no fix). Type the coordinates instead.'),
      { enableHighAccuracy: false, timeout: 15_000 },
    );
  }

  private async submit(): Promise<void> {
    const request = this.readRequest();
    if (typeof request === 'string') return this.showError(request);
    if (this.chosen.photos.length + this.chosen.archives.length === 0) return this.showError('Choose photos, a folder or a zip first.');
    this.showError('');
    try {
      const batch = await createBatch(request);
      this.form.hidden = true;
      this.onStarted(batch, this.chosen);
    } catch (error) {
      this.showError(error instanceof ApiError ? error.message : 'The batch could not be created. Please try again.');
    }
  }

  /** The request body, or what is wrong with the form. */
  private readRequest(): NewBatch | string {
    const name = byId<HTMLInputElement>('batch-name').value.trim();
    if (!name) return 'Give the batch a name.';
    const request: NewBatch = { name, kind: byId<HTMLSelectElement>('batch-kind').value as NewBatch['kind'] };
    const [latitude, longitude] = [this.latitude.value.trim(), this.longitude.value.trim()];
    if (latitude || longitude) {
      const location = { latitude: Number(latitude), longitude: Number(longitude) };
      if (!latitude || !longitude || !Number.isFinite(location.latitude) || !Number.isFinite(location.longitude) || Math.abs(location.latitude) > 90 || Math.abs(location.longitude) > 180) {
        return 'The place needs a latitude (−90 to 90) and a longitude (−180 to 180), as decimal degrees.';
      }
      request.location = location;
    }
    const timezone = byId<HTMLInputElement>('batch-timezone').value.trim();
    if (timezone) request.timezone = timezone;
    const clock = byId<HTMLInputElement>('batch-clock').value.trim();
    if (clock) {
      // The camera's clock was ahead by this much: its times are moved back.
      if (!/^-?\d+$/.test(clock)) return 'The clock error is a whole number of seconds (negative when the camera was slow).';
      request.clockOffsetSeconds = -Number(clock);
    }
    return request;
  }

  private showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = message === '';
  }
}
