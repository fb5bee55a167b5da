/** An API failure, with a message written for people (the server's, or ours when there is no answer). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const OFFLINE_MESSAGE = 'Could not reach WildID. Check your internet connection and try again.';

/** Resolves API paths against the page, so the app also works under a path prefix behind a proxy. */
export function apiUrl(path: string): string {
  return new URL(path, document.baseURI).toString();
}

export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, OFFLINE_MESSAGE);
  }
  if (!response.ok) throw errorFromBody(response.status, await response.text());
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return requestJson<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Every gateway error is `{ statusCode, error, message }`; a proxy's HTML error page is not. */
export function errorFromBody(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string' && body.message) return new ApiError(status, body.message);
  } catch {
    // not JSON: fall through to a generic message
  }
  if (status === 0) return new ApiError(0, OFFLINE_MESSAGE);
  if (status >= 500) return new ApiError(status, 'WildID had a problem on its side. Please try again in a minute.');
  return new ApiError(status, `The request failed (HTTP ${status}). Please try again.`);
}

export interface UploadInFlight<T> {
  done: Promise<T>;
  abort(): void;
}

/** POSTs a form expecting 202, with upload progress: XMLHttpRequest rather than fetch, as only it reports that. */
export function postFormWithProgress<T>(path: string, form: FormData, onProgress: (fraction: number) => void): UploadInFlight<T> {
  const request = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    request.upload.addEventListener('progress', (event) => event.lengthComputable && onProgress(event.loaded / event.total));
    request.addEventListener('load', () => {
      if (request.status === 202) resolve(JSON.parse(request.responseText) as T);
      else reject(errorFromBody(request.status, request.responseText));
    });
    request.addEventListener('error', () => reject(errorFromBody(0, '')));
    request.addEventListener('abort', () => reject(new ApiError(0, 'Upload cancelled.')));
  });
  request.open('POST', apiUrl(path));
  request.setRequestHeader('accept', 'application/json');
  request.send(form);
  return { done, abort: () => request.abort() };
}
