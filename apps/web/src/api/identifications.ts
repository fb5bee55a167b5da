import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { type UploadInFlight, apiUrl, postFormWithProgress, requestJson } from './http';

export interface CreatedIdentification {
  id: string;
  status: 'queued';
  accessToken: string;
}

export type PhotoUpload = UploadInFlight<CreatedIdentification>;

export function uploadPhoto(photo: Blob, filename: string, onProgress: (fraction: number) => void, useExif = false): PhotoUpload {
  const form = new FormData();
  form.append('image', photo, filename);
  if (useExif) form.append('useExif', 'true');
  return postFormWithProgress<CreatedIdentification>('api/identifications', form, onProgress);
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
