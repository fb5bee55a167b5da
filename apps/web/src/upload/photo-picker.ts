import { byId } from '../dom';
import { notAPhotoReason } from './prepare-photo';

/**
 * The ways to pick a photo: the file chooser, the phone camera, or dropping a
 * file anywhere on the page. Files that are obviously not photos are refused
 * here with a message; everything else goes to `onPhoto`.
 */
export class PhotoPicker {
  private readonly dropZone = byId('drop-zone');
  private readonly error = byId('upload-error');
  private dragDepth = 0;

  constructor(private readonly onPhoto: (file: File) => void) {
    for (const id of ['photo-input', 'camera-input']) {
      const input = byId<HTMLInputElement>(id);
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        input.value = ''; // picking the same photo again must fire `change` again
        if (file) this.pick(file);
      });
    }
    this.listenForDrops();
  }

  showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
  }

  clearError(): void {
    this.error.hidden = true;
    this.error.textContent = '';
  }

  private pick(file: File): void {
    const problem = notAPhotoReason(file);
    if (problem) return this.showError(problem);
    this.clearError();
    this.onPhoto(file);
  }

  // Listening on the whole document: a photo dropped beside the zone must not make the browser navigate to it.
  private listenForDrops(): void {
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    document.addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      this.dragDepth++;
      this.dropZone.classList.add('dragging');
    });
    document.addEventListener('dragleave', () => {
      this.dragDepth = Math.max(0, this.dragDepth - 1);
      if (this.dragDepth === 0) this.dropZone.classList.remove('dragging');
    });
    document.addEventListener('dragover', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    });
    document.addEventListener('drop', (event) => {
      if (!hasFiles(event)) return;
      this.dragDepth = 0;
      this.dropZone.classList.remove('dragging');
      // Files dropped on the "New batch" form are the batch's (BatchForm takes them).
      if (event.target instanceof Element && event.target.closest('#batch-form')) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) this.pick(file);
    });
  }
}
