import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { ApiError, apiUrl, errorFromBody, requestJson } from './http';

export interface CreatedIdentification {
  id: string;
  status: 'queued';
  accessToken: string;
}

export interface PhotoUpload {
  done: Promise<CreatedIdentification>;
  abort(): void;
}

/** XMLHttpRequest rather than fetch: only it reports upload progress. */
export function uploadPhoto(photo: Blob, filename: string, onProgress: (fraction: number) => void, useExif = false): PhotoUpload {
  const request = new XMLHttpRequest();
  const done = new Promise<CreatedIdentification>((resolve, reject) => {
    request.upload.addEventListener('progress', (event) => event.lengthComputable && onProgress(event.loaded / event.total));
    request.addEventListener('load', () => {
      if (request.status === 202) resolve(JSON.parse(request.responseText) as CreatedIdentification);
      else reject(errorFromBody(request.status, request.responseText));
    });
    request.addEventListener('error', () => reject(errorFromBody(0, '')));
    request.addEventListener('abort', () => reject(new ApiError(0, 'Upload cancelled.')));
  });
  const form = new FormData();
  form.append('image', photo, filename);
  if (useExif) form.append('useExif', 'true');
  request.open('POST', apiUrl('api/identifications'));
  request.setRequestHeader('accept', 'application/json');
  request.send(form);
  return { done, abort: () => request.abort() };
}

/** Readable with the upload's access token, or by the owner's session cookie alone. */
export function getIdentification(id: string, accessToken?: string): Promise<IdentificationView> {
  const headers: Record<string, string> = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  return requestJson<IdentificationView>(`api/identifications/${encodeURIComponent(id)}`, { headers, cache: 'no-store' });
}

export function deleteIdentification(id: string): Promise<void> {
  return requestJson<void>(`api/identifications/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** The stored photo; an `<img>` sends the session cookie, so this works for the owner's history. */
export function identificationImageUrl(id: string): string {
  return apiUrl(`api/identifications/${encodeURIComponent(id)}/image`);
}
