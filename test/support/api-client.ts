import type { IdentificationView, SubscribeAck } from '@wildid/common';
import { type Socket, io } from 'socket.io-client';

export interface UploadResponse<T = unknown> {
  status: number;
  body: T;
}

export interface CreatedBody {
  id: string;
  status: string;
  accessToken: string;
}

/** POSTs one file as the multipart field `image`, the way browsers and curl do. */
export async function uploadImage(
  baseUrl: string,
  bytes: Uint8Array,
  options: { filename?: string; contentType?: string; field?: string } = {},
): Promise<UploadResponse> {
  const form = new FormData();
  form.append(options.field ?? 'image', new Blob([bytes], { type: options.contentType ?? 'image/jpeg' }), options.filename ?? 'photo.jpg');
  const response = await fetch(`${baseUrl}/api/identifications`, { method: 'POST', body: form });
  return { status: response.status, body: await response.json() };
}

export async function uploadOk(baseUrl: string, bytes: Uint8Array): Promise<CreatedBody> {
  const response = await uploadImage(baseUrl, bytes);
  if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as CreatedBody;
}

export async function getIdentification(baseUrl: string, id: string, accessToken?: string): Promise<UploadResponse> {
  const headers: Record<string, string> = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  const response = await fetch(`${baseUrl}/api/identifications/${id}`, { headers });
  return { status: response.status, body: await response.json() };
}

export async function connectSocket(baseUrl: string): Promise<Socket> {
  const socket = io(baseUrl, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Subscribes and collects `identification` events until one has a final status. */
export async function followIdentification(
  socket: Socket,
  created: { id: string; accessToken: string },
  timeoutMs = 30_000,
): Promise<{ ack: SubscribeAck; events: IdentificationView[] }> {
  const events: IdentificationView[] = [];
  const finished = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no final event for ${created.id}; got ${JSON.stringify(events)}`)), timeoutMs);
    socket.on('identification', (view: IdentificationView) => {
      if (view.id !== created.id) return;
      events.push(view);
      if (view.status === 'completed' || view.status === 'failed') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const ack = (await socket.timeout(5_000).emitWithAck('subscribe', { id: created.id, accessToken: created.accessToken })) as SubscribeAck;
  if (!ack.ok) throw new Error(`subscribe refused: ${ack.error}`);
  await finished;
  return { ack, events };
}

/** Resolves with the first `identification` event of `id` that `matches` (listening starts now). */
export function nextEvent(
  socket: Socket,
  id: string,
  matches: (view: IdentificationView) => boolean,
  timeoutMs = 20_000,
): Promise<IdentificationView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('identification', listener);
      reject(new Error(`no matching event for ${id} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (view: IdentificationView) => {
      if (view.id !== id || !matches(view)) return;
      clearTimeout(timer);
      socket.off('identification', listener);
      resolve(view);
    };
    socket.on('identification', listener);
  });
}
