import type { BatchPhotoPage, BatchUploadResult, BatchView } from '@wildid/common';
import { type Browser, asBrowser } from './accounts';

export interface Answer<T> {
  status: number;
  body: T;
}

/** JSON requests to the batch routes as a signed-in browser (cookie and origin). */
export class BatchClient {
  constructor(
    private readonly baseUrl: string,
    private readonly browser: Browser,
  ) {}

  create(body: Record<string, unknown>): Promise<Answer<BatchView>> {
    return this.json('POST', '/api/batches', body);
  }

  /** Creates one and returns it, failing the test on any other answer than 201. */
  async created(body: Record<string, unknown> = {}): Promise<BatchView> {
    const answer = await this.create({ name: 'Test batch', kind: 'trip', ...body });
    if (answer.status !== 201) throw new Error(`POST /api/batches answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  get(id: string): Promise<Answer<BatchView>> {
    return this.json('GET', `/api/batches/${id}`);
  }

  list(): Promise<Answer<{ items: BatchView[] }>> {
    return this.json('GET', '/api/batches');
  }

  photos(id: string, query: Record<string, string> = {}): Promise<Answer<BatchPhotoPage>> {
    return this.json('GET', `/api/batches/${id}/identifications?${new URLSearchParams(query)}`);
  }

  update(id: string, body: Record<string, unknown>): Promise<Answer<BatchView>> {
    return this.json('PATCH', `/api/batches/${id}`, body);
  }

  delete(id: string): Promise<Answer<unknown>> {
    return this.json('DELETE', `/api/batches/${id}`);
  }

  /** POSTs files as multipart parts of `field` (`image` or `archive`). */
  async upload(id: string, files: Array<{ name: string; bytes: Uint8Array }>, field = 'image'): Promise<Answer<BatchUploadResult>> {
    const form = new FormData();
    for (const file of files) form.append(field, new Blob([file.bytes]), file.name);
    const response = await fetch(`${this.baseUrl}/api/batches/${id}/photos`, { method: 'POST', body: form, headers: asBrowser(this.browser) });
    return { status: response.status, body: (await response.json()) as BatchUploadResult };
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const headers = asBrowser(this.browser, body === undefined ? {} : { 'content-type': 'application/json' });
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
