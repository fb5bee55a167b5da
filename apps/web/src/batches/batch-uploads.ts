import { type BatchUploadResult, FILES_PER_REQUEST, uploadToBatch } from '../api/batches';
import { ApiError } from '../api/http';
import { byId, h } from '../dom';
import type { ChosenFiles } from './batch-form';

interface Row {
  file: File;
  progress: HTMLProgressElement;
  state: HTMLSpanElement;
}

/**
 * Sends the chosen files to a batch, one request at a time: photos in groups of
 * FILES_PER_REQUEST, each zip alone. Every file has a row with its progress (its
 * request's); files the server refused are listed with its reason.
 */
export class BatchUploads {
  private readonly list = byId('batch-uploads');
  private readonly rejected = byId('batch-rejected');

  constructor(private readonly onSent: (result: BatchUploadResult) => void) {}

  clear(): void {
    this.list.replaceChildren();
    this.rejected.replaceChildren();
  }

  async send(batchId: string, chosen: ChosenFiles): Promise<void> {
    const requests: Array<{ field: 'image' | 'archive'; rows: Row[] }> = [];
    for (let start = 0; start < chosen.photos.length; start += FILES_PER_REQUEST) {
      requests.push({ field: 'image', rows: chosen.photos.slice(start, start + FILES_PER_REQUEST).map((file) => this.addRow(file)) });
    }
    for (const archive of chosen.archives) requests.push({ field: 'archive', rows: [this.addRow(archive)] });
    for (const { field, rows } of requests) await this.sendOne(batchId, field, rows);
  }

  private async sendOne(batchId: string, field: 'image' | 'archive', rows: Row[]): Promise<void> {
    for (const row of rows) row.state.textContent = 'Uploading…';
    try {
      const result = await uploadToBatch(batchId, rows.map((row) => row.file), field, (fraction) => {
        for (const row of rows) row.progress.value = Math.round(fraction * 100);
      });
      for (const row of rows) {
        row.progress.value = 100;
        row.state.textContent = field === 'archive' ? `Sent: ${result.accepted.length} photos accepted` : 'Sent';
      }
      for (const refused of result.rejected) this.showRejected(refused.fileName, refused.error);
      this.onSent(result);
    } catch (error) {
      const message = error instanceof ApiError ? error.message : 'The upload failed. Please try again.';
      for (const row of rows) {
        row.state.textContent = 'Not sent';
        this.showRejected(row.file.webkitRelativePath || row.file.name, message);
      }
    }
  }

  private addRow(file: File): Row {
    const name = file.webkitRelativePath || file.name;
    const row: Row = { file, progress: h('progress', { max: 100, value: 0, 'aria-label': `Upload of ${name}` }), state: h('span', { class: 'upload-state' }, 'Waiting') };
    this.list.append(h('li', {}, h('span', { class: 'upload-name' }, name), row.progress, row.state));
    return row;
  }

  private showRejected(fileName: string, error: string): void {
    this.rejected.append(h('li', {}, h('strong', {}, fileName), `: ${error}`));
  }
}
