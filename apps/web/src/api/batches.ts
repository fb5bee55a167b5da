import type { BatchKind, BatchPhotoPage, BatchUploadResult, BatchView, GeoLocation } from '@wildid/common/batches/batch-view';
import { postFormWithProgress, postJson, requestJson } from './http';
import type { ReviewFilter } from './reviews';

export type { BatchPhotoPage, BatchUploadResult, BatchView };

export interface NewBatch {
  name: string;
  kind: BatchKind;
  location?: GeoLocation;
  timezone?: string;
  clockOffsetSeconds?: number;
}

/** Files per request: well inside BATCH_MAX_FILES_PER_REQUEST (100 by default), and progress stays fine-grained. */
export const FILES_PER_REQUEST = 10;

const batchPath = (id: string) => `api/batches/${encodeURIComponent(id)}`;

export function createBatch(batch: NewBatch): Promise<BatchView> {
  return postJson<BatchView>('api/batches', batch);
}

/** A batch as listed: no counts (open it for those). */
export type BatchSummary = Omit<BatchView, 'counts' | 'species' | 'eta'>;

export function listBatches(): Promise<{ items: BatchSummary[] }> {
  return requestJson('api/batches', { cache: 'no-store' });
}

export function getBatch(id: string): Promise<BatchView> {
  return requestJson(batchPath(id), { cache: 'no-store' });
}

export function renameBatch(id: string, name: string): Promise<BatchView> {
  return requestJson(batchPath(id), { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
}

export function deleteBatch(id: string): Promise<void> {
  return requestJson(batchPath(id), { method: 'DELETE' });
}

/** Every photo of the batch (pages of 200 followed to the end), in the order taken; only those in a review list when asked. */
export async function batchPhotos(id: string, review?: ReviewFilter): Promise<BatchPhotoPage['items']> {
  const items: BatchPhotoPage['items'] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '200', filter: 'all', ...(review ? { review } : {}), ...(cursor ? { cursor } : {}) });
    const page: BatchPhotoPage = await requestJson(`${batchPath(id)}/identifications?${query}`, { cache: 'no-store' });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** One request of photos (`image` fields) or one zip (`archive`), with upload progress. */
export function uploadToBatch(id: string, files: File[], field: 'image' | 'archive', onProgress: (fraction: number) => void): Promise<BatchUploadResult> {
  const form = new FormData();
  // A file picked from a folder keeps its path inside it, so rejections name it precisely.
  for (const file of files) form.append(field, file, file.webkitRelativePath || file.name);
  return postFormWithProgress<BatchUploadResult>(`${batchPath(id)}/photos`, form, onProgress).done;
}
