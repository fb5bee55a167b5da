import type { HistoryPage, IdentificationView, LifeList } from '@wildid/common';
import { type Browser, asBrowser } from './accounts';
import type { Answer } from './batches';
import { makeJpeg, trailCameraPhoto } from './images';
import { eventually } from './waiting';

let nextSeed = 9_000;

/** A new photo (distinct bytes, so no earlier result is reused); with `takenAt` ("2026:05:01 10:00:00") its EXIF says when, in UTC. */
export async function reviewPhoto(takenAt?: string): Promise<Buffer> {
  const seed = nextSeed++;
  return takenAt ? trailCameraPhoto(seed, takenAt, '+00:00') : makeJpeg({ seed, width: 80, height: 60 });
}

/** A signed-in browser's (or with none, an anonymous client's) requests to the review, history and life-list routes. */
export class ReviewClient {
  /** The access tokens of this client's uploads, for reading them without a session. */
  private readonly accessTokens = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly browser?: Browser,
  ) {}

  /** Uploads a photo as a single identification (`useExif=true` when it carries a time) and returns its id. */
  async upload(photo: Buffer, useExif = false): Promise<string> {
    const form = new FormData();
    form.append('image', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
    if (useExif) form.append('useExif', 'true');
    const response = await fetch(`${this.baseUrl}/api/identifications`, { method: 'POST', body: form, headers: this.headers() });
    if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
    const created = (await response.json()) as { id: string; accessToken: string };
    this.accessTokens.set(created.id, created.accessToken);
    return created.id;
  }

  /** Waits until the identification is finished and returns its view. */
  finished(id: string): Promise<IdentificationView> {
    return eventually(async () => {
      const view = (await this.view(id)).body;
      return (view.status === 'completed' || view.status === 'failed') && view;
    }, `identification ${id} finished`);
  }

  /** GET /api/identifications/:id with the session, else with the upload's access token. */
  view(id: string): Promise<Answer<IdentificationView>> {
    const token = this.browser ? undefined : this.accessTokens.get(id);
    return this.json('GET', `/api/identifications/${id}`, undefined, token ? { authorization: `Bearer ${token}` } : {});
  }

  review(id: string, body: unknown): Promise<Answer<IdentificationView & { message?: string }>> {
    return this.json('PUT', `/api/identifications/${id}/review`, body);
  }

  undo(id: string): Promise<Answer<IdentificationView & { message?: string }>> {
    return this.json('DELETE', `/api/identifications/${id}/review`);
  }

  reviewEvent(batchId: string, eventId: string, body: unknown): Promise<Answer<{ updated: number; message?: string }>> {
    return this.json('PUT', `/api/batches/${batchId}/events/${eventId}/review`, body);
  }

  undoEvent(batchId: string, eventId: string): Promise<Answer<{ updated: number; message?: string }>> {
    return this.json('DELETE', `/api/batches/${batchId}/events/${eventId}/review`);
  }

  history(query: Record<string, string> = {}): Promise<Answer<HistoryPage & { message?: string }>> {
    return this.json('GET', `/api/me/identifications?${new URLSearchParams({ limit: '100', ...query })}`);
  }

  species(): Promise<Answer<LifeList>> {
    return this.json('GET', '/api/me/species');
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.browser ? asBrowser(this.browser, extra) : extra;
  }

  private async json<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer<T>> {
    const headers = this.headers(body === undefined ? extraHeaders : { ...extraHeaders, 'content-type': 'application/json' });
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
