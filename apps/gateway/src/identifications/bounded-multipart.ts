import { BadRequestException, type HttpException } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import { MulterError } from 'multer';

/**
 * Runs a multer handler over the request, answering `tooLarge()` as soon as the raw body
 * passes `maxBodyBytes`. multer reports its own size limit only after draining the rest of
 * the body, so a client that streams on (chunked, no Content-Length) would wait for its
 * answer as long as it keeps sending. The remainder is still read and discarded, never held.
 * `describe` turns multer's own errors into answers for a person.
 */
export function receiveBounded(
  request: Request,
  response: Response,
  receive: RequestHandler,
  bounds: { maxBodyBytes: number; tooLarge: () => HttpException; describe: (error: MulterError) => HttpException },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let received = 0;
    const count = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= bounds.maxBodyBytes) return;
      request.off('data', count);
      reject(bounds.tooLarge());
    };
    // Attached in the same tick as multer's pipe, so both see every chunk.
    request.on('data', count);
    receive(request, response, (error?: unknown) => {
      request.off('data', count);
      if (!error) resolve();
      else if (error instanceof MulterError) reject(bounds.describe(error));
      else reject(new BadRequestException(`The upload is not valid multipart/form-data (${error instanceof Error ? error.message : String(error)}). Send it again.`));
    });
  });
}
