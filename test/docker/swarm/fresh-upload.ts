import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CreatedBody } from '../../support/api-client';

/**
 * POSTs a photo as multipart `image` on a connection of its own (no
 * keep-alive). A reused idle connection that a stopping gateway closes at the
 * moment a request goes out fails without ever reaching a server; that race
 * belongs to the client's HTTP stack (browsers resend), not to the deployment.
 */
export function uploadOnFreshConnection(baseUrl: string, bytes: Buffer): Promise<{ status: number; body: CreatedBody | { error?: string } }> {
  const boundary = `----wildid${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const request = baseUrl.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/api/identifications`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: { error: text.slice(0, 200) } });
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('upload timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
